"""Competency queries return exactly the rows the article supports (after OWL-RL reasoning).

Rows are compared as sets of tuples over the query's projected variables, with kgraph IRIs shortened
(``https://w3id.org/kgraph/id/`` and ``kg:`` prefixes dropped); an unbound variable compares as "".
"""


import pytest

from content_graph import QUERIES_DIR, query_path, query_result, run_query

ID = "https://w3id.org/kgraph/id/"
KG = "https://w3id.org/kgraph/ontology#"

# queries/federated-*.rq belong to the Wikidata-links work and call a remote SERVICE: not run here.
CONTENT_QUERIES = sorted(p.stem for p in QUERIES_DIR.glob("*.rq") if not p.stem.startswith("federated-"))


def short(value: str) -> str:
    return value.replace(ID, "").replace(KG, "kg:")


def rows_of(name: str, columns: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {tuple(short(row.get(column, "")) for column in columns) for row in run_query(name)}


EXPECTED: dict[str, tuple[tuple[str, ...], set[tuple[str, ...]]]] = {
    'acquisitions': (
        ('acquisition', 'recipient', 'supplier', 'model', 'year'),
        {
            ('acquisition/armenia-9k720-e-2013', 'state/armenia', 'state/russia', 'weapon/9k720-e', '2013'),
        },
    ),
    'agreement-parties': (
        ('role', 'agent'),
        {
            ('kg:facilitatedBy', 'person/vladimir-putin'),
            ('kg:party', 'state/armenia'),
            ('kg:party', 'state/azerbaijan'),
            ('kg:party', 'state/russia'),
            ('kg:signatory', 'state/armenia'),
            ('kg:signatory', 'state/azerbaijan'),
        },
    ),
    'article-4-compliance': (
        ('provision', 'statement', 'agent', 'stance', 'proposition', 'date'),
        {
            ('Armenian forces in Karabakh would be replaced with Russian peacekeepers.', 'statement/baku-article-4-belief', 'state/azerbaijan', 'stance/affirms', 'proposition/russia-not-eager-to-fulfil-article-4', '2021-04-27'),
            ('Armenian forces in Karabakh would be replaced with Russian peacekeepers.', 'statement/lachin-allegations', 'group/lachin-allegation-makers', 'stance/affirms', 'proposition/armenian-soldiers-deployed-via-lachin-corridor', '2021-04-27'),
        },
    ),
    'author-analysis': (
        ('statement', 'stance', 'proposition'),
        {
            ('statement/author-aliyev-denounced', 'stance/affirms', 'proposition/aliyev-repeatedly-denounced-russian-military-support'),
            ('statement/author-anama-turning-point', 'stance/affirms', 'proposition/anama-report-turning-point-for-baku'),
            ('statement/author-angered-moscow', 'stance/affirms', 'proposition/pashinyan-remarks-angered-moscow'),
            ('statement/author-azerbaijan-more-time', 'stance/affirms', 'proposition/azerbaijan-had-more-time-to-work-out-position'),
            ('statement/author-azerbaijani-unease', 'stance/hedges', 'proposition/russian-unwillingness-increased-azerbaijani-unease'),
            ('statement/author-baku-grievances', 'stance/affirms', 'proposition/baku-hopes-to-signal-grievances-against-russia'),
            ('statement/author-baku-narrative', 'stance/affirms', 'proposition/baku-built-grievance-narrative'),
            ('statement/author-baku-tone', 'stance/affirms', 'proposition/baku-tone-change-due-to-peacekeeping-dissatisfaction'),
            ('statement/author-central-topic', 'stance/affirms', 'proposition/iskander-central-topic-among-ceasefire-sides'),
            ('statement/author-comments-controversy', 'stance/affirms', 'proposition/pashinyan-comments-met-with-controversy'),
            ('statement/author-comments-relations-russia', 'stance/hedges', 'proposition/pashinyan-comments-may-have-affected-relations-with-russia'),
            ('statement/author-hypothetical-advances', 'stance/hedges', 'proposition/early-iskander-use-could-have-prevented-advances'),
            ('statement/author-issue-effects', 'stance/affirms', 'proposition/iskander-issue-opportunity-for-azerbaijan'),
            ('statement/author-issue-effects', 'stance/affirms', 'proposition/iskander-issue-polarised-armenia'),
            ('statement/author-issue-effects', 'stance/affirms', 'proposition/iskander-issue-triggered-harsh-russian-rhetoric'),
            ('statement/author-manoeuvres-haunt-agreement', 'stance/affirms', 'proposition/late-war-manoeuvres-will-haunt-agreement'),
            ('statement/author-margin-of-error', 'stance/affirms', 'proposition/armenia-has-domestic-issues-and-relies-on-russia'),
            ('statement/author-margin-of-error', 'stance/affirms', 'proposition/azerbaijan-wider-margin-of-error'),
            ('statement/author-military-opposition', 'stance/affirms', 'proposition/pashinyan-faced-unprecedented-military-opposition'),
            ('statement/author-national-prominence', 'stance/affirms', 'proposition/iskander-issue-rose-to-national-prominence'),
            ('statement/author-possible-use-shusha', 'stance/hedges', 'proposition/iskanders-fired-at-shusha'),
            ('statement/author-pressure', 'stance/affirms', 'proposition/pashinyan-faced-domestic-and-external-pressure'),
            ('statement/author-reputation-damage', 'stance/affirms', 'proposition/pashinyan-remarks-threatened-russian-arms-reputation'),
            ('statement/author-russian-ties', 'stance/hedges', 'proposition/russian-officials-strengthened-ties-with-karabakh-authorities'),
            ('statement/author-shusha-questions', 'stance/affirms', 'proposition/shusha-use-raised-questions-of-responsibility'),
            ('statement/author-stable-system', 'stance/affirms', 'proposition/baku-stable-system-and-wider-security-links'),
            ('statement/author-strengthen-hand', 'stance/hedges', 'proposition/baku-may-use-dispute-to-strengthen-hand'),
            ('statement/author-two-arenas', 'stance/affirms', 'proposition/leaders-used-iskander-topic-in-two-arenas'),
            ('statement/author-uncertainty', 'stance/hedges', 'proposition/iskander-issues-could-increase-uncertainty'),
            ('statement/author-video-credibility', 'stance/affirms', 'proposition/anama-evidence-strengthened-video-credibility'),
            ('statement/author-video-reportedly-shows', 'stance/hedges', 'proposition/armenian-forces-launched-two-iskanders'),
        },
    ),
    'contested-propositions': (
        ('proposition', 'label'),
        {
            ('proposition/9m723-missiles-employed-in-war', 'The Iskander missiles employed in the 2020 war were of the 9M723 type'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'Armenia used Iskander missiles during the 2020 war'),
            ('proposition/iskander-useless-1980s-weapon', 'The Iskander missiles are useless weapons from the 1980s'),
            ('proposition/iskanders-fired-at-shusha', 'Iskander missiles were fired at Shusha'),
            ('proposition/iskanders-used-in-2020-war', 'Iskander missiles were used in the 2020 Nagorno-Karabakh war'),
            ('proposition/iskanders-would-not-have-been-effective', 'Even if used against Azerbaijan, the Iskander missiles would not have been very effective'),
            ('proposition/khachatrian-should-be-dismissed', 'Lieutenant General Tiran Khachatrian should be dismissed'),
            ('proposition/russia-directly-involved-in-iskander-use', 'Russia was directly involved in the use of the Iskander missiles in Karabakh'),
            ('proposition/russia-made-missiles-used-in-2020-war', 'Russia-made missiles were used during the 2020 Nagorno-Karabakh war'),
        },
    ),
    'official-voices': (
        ('state', 'agent'),
        {
            ('state/armenia', 'person/nikol-pashinyan'),
            ('state/azerbaijan', 'org/anama'),
            ('state/azerbaijan', 'person/ilham-aliyev'),
            ('state/russia', 'group/russian-mod-officials'),
            ('state/russia', 'org/kremlin'),
            ('state/russia', 'org/russian-ministry-of-defence'),
            ('state/russia', 'person/dmitry-peskov'),
            ('state/russia', 'person/vladimir-putin'),
        },
    ),
    'physical-evidence': (
        ('find', 'model', 'place', 'date', 'distanceMetres', 'report', 'reporter', 'reportDate'),
        {
            ('event/anama-find-shusha-2021-03-15', 'weapon/9m723', 'place/shusha', '2021-03-15', '780', 'statement/anama-report-2021-03-31', 'org/anama', '2021-03-31'),
        },
    ),
    'positions-held': (
        ('person', 'position', 'status', 'in', 'office', 'rank'),
        {
            ('person/dmitry-bulgakov', 'position/dmitry-bulgakov-deputy-defence-minister', 'current', 'org/russian-ministry-of-defence', '', ''),
            ('person/dmitry-peskov', 'position/dmitry-peskov-presidential-spokesperson', 'current', 'org/kremlin', '', ''),
            ('person/ilham-aliyev', 'position/ilham-aliyev-president', 'current', 'state/azerbaijan', 'office/president-of-azerbaijan', ''),
            ('person/mahammad-mammadov', 'position/mahammad-mammadov-research-fellow', 'current', 'org/topchubashov-center', '', ''),
            ('person/movses-hakopian', 'position/movses-hakopian-chief-military-inspector', 'former', 'org/armenian-armed-forces', '', ''),
            ('person/nikol-pashinyan', 'position/nikol-pashinyan-prime-minister', 'current', 'state/armenia', 'office/prime-minister-of-armenia', ''),
            ('person/onik-gasparyan', 'position/onik-gasparyan-chief-of-general-staff', 'current', 'org/armenian-general-staff', '', 'Colonel-General'),
            ('person/serzh-sarkissian', 'position/serzh-sarkissian-former-president', 'former', 'state/armenia', '', ''),
            ('person/tiran-khachatrian', 'position/tiran-khachatrian-deputy-chief-of-general-staff', 'current', 'org/armenian-general-staff', '', 'Lieutenant General'),
            ('person/vladimir-putin', 'position/vladimir-putin-president', 'current', 'state/russia', 'office/president-of-russia', ''),
        },
    ),
    'response-chains': (
        ('statement', 'agent', 'respondsTo', 'earlierAgent'),
        {
            ('statement/aliyev-blunder-2021-02-26', 'person/ilham-aliyev', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/gasparyan-challenge', 'person/onik-gasparyan', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/gasparyan-incompetence', 'person/onik-gasparyan', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/khachatrian-nonsense', 'person/tiran-khachatrian', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/military-figures-challenge', 'group/influential-military-figures', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/military-figures-incompetence', 'group/influential-military-figures', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan', 'statement/sarkissian-accusation-2021-02-16', 'person/serzh-sarkissian'),
            ('statement/pashinyan-call-inaccurate-information-2021-02-25', 'person/nikol-pashinyan', 'statement/russian-mod-officials-misled', 'group/russian-mod-officials'),
            ('statement/pashinyan-call-retraction-2021-02-25', 'person/nikol-pashinyan', 'statement/russian-mod-denial', 'org/russian-ministry-of-defence'),
            ('statement/pashinyan-call-retraction-2021-02-25', 'person/nikol-pashinyan', 'statement/russian-mod-officials-misled', 'group/russian-mod-officials'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/gasparyan-challenge', 'person/onik-gasparyan'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/gasparyan-incompetence', 'person/onik-gasparyan'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/military-figures-challenge', 'group/influential-military-figures'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/military-figures-incompetence', 'group/influential-military-figures'),
            ('statement/pashinyan-dismissal-request', 'person/nikol-pashinyan', 'statement/khachatrian-nonsense', 'person/tiran-khachatrian'),
            ('statement/questions-in-azerbaijan-9m723', 'group/questioners-in-azerbaijan', 'statement/azerbaijani-media-9m723', 'group/azerbaijani-media'),
            ('statement/russian-mod-denial', 'org/russian-ministry-of-defence', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/russian-mod-officials-denial', 'group/russian-mod-officials', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/russian-mod-officials-misled', 'group/russian-mod-officials', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/russian-mod-syria', 'org/russian-ministry-of-defence', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
        },
    ),
    'stance-changes': (
        ('state', 'earlier', 'earlierStance', 'earlierDate', 'later', 'laterStance', 'laterDate'),
        {
            ('state/armenia', 'statement/pashinyan-1in-am-interview-2021-02-23', 'stance/affirms', '2021-02-23', 'statement/pashinyan-call-retraction-2021-02-25', 'stance/retracts', '2021-02-25'),
            ('state/azerbaijan', 'statement/aliyev-doubt-2021-02-26', 'stance/doubts', '2021-02-26', 'statement/anama-report-2021-03-31', 'stance/affirms', '2021-03-31'),
        },
    ),
    'statement-provenance': (
        ('statement', 'source', 'quote', 'exact', 'start', 'end'),
        {
            ('statement/peskov-denial-2021-04-02', 'source/nee-2021-04-27-schrodingers-iskanders', 'quote/peskov', 'When asked about Russia’s position on the issue on April 2nd, presidential spokesperson Dmitry Peskov said that the Kremlin was unaware of any report on Iskander missile fragments found in Karabakh and\xa0recalled\xa0that Russia-made missiles were not used during the war last autumn.', '6240', '6518'),
        },
    ),
    'statements-armenian-side': (
        ('agent', 'statement', 'stance', 'proposition', 'date'),
        {
            ('group/influential-military-figures', 'statement/military-figures-challenge', 'stance/denies', 'proposition/khachatrian-should-be-dismissed', '2021-02-23'),
            ('group/influential-military-figures', 'statement/military-figures-incompetence', 'stance/affirms', 'proposition/pashinyan-has-become-incompetent', '2021-02-23'),
            ('person/movses-hakopian', 'statement/hakopian-claim-2020-11', 'stance/affirms', 'proposition/armenia-used-iskanders-in-2020-war', '2020-11'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'stance/affirms', 'proposition/iskander-useless-1980s-weapon', '2021-02-23'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'stance/affirms', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-inaccurate-information-2021-02-25', 'stance/affirms', 'proposition/pashinyan-received-inaccurate-information', '2021-02-25'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-retraction-2021-02-25', 'stance/retracts', 'proposition/iskander-useless-1980s-weapon', '2021-02-25'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-retraction-2021-02-25', 'stance/retracts', 'proposition/iskanders-would-not-have-been-effective', '2021-02-25'),
            ('person/nikol-pashinyan', 'statement/pashinyan-coup-accusation', 'stance/affirms', 'proposition/military-leaders-organising-coup', '2021-02-23'),
            ('person/nikol-pashinyan', 'statement/pashinyan-dismissal-request', 'stance/affirms', 'proposition/khachatrian-should-be-dismissed', '2021-02-23'),
            ('person/onik-gasparyan', 'statement/gasparyan-challenge', 'stance/denies', 'proposition/khachatrian-should-be-dismissed', '2021-02-23'),
            ('person/onik-gasparyan', 'statement/gasparyan-incompetence', 'stance/affirms', 'proposition/pashinyan-has-become-incompetent', '2021-02-23'),
            ('person/serzh-sarkissian', 'statement/sarkissian-accusation-2021-02-16', 'stance/affirms', 'proposition/pashinyan-failed-to-use-iskanders-early-in-war', '2021-02-16'),
            ('person/tiran-khachatrian', 'statement/khachatrian-nonsense', 'stance/denies', 'proposition/iskander-useless-1980s-weapon', '2021-02-23'),
            ('person/tiran-khachatrian', 'statement/khachatrian-nonsense', 'stance/denies', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23'),
        },
    ),
    'statements-azerbaijani-side': (
        ('agent', 'statement', 'stance', 'proposition', 'date'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'stance/affirms', 'proposition/9m723-differs-from-armenian-9k720-e', '2021-03-31'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'stance/affirms', 'proposition/9m723-missiles-employed-in-war', '2021-03-31'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'stance/affirms', 'proposition/russia-directly-involved-in-iskander-use', '2021-03-31'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'stance/doubts', 'proposition/armenia-used-9m723-against-shusha', '2021-03-31'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'stance/affirms', 'proposition/russian-investigation-into-iskander-m-deliveries', '2021-04-27'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'stance/affirms', 'proposition/9m723-remains-found-in-shusha', '2021-03-31'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'stance/affirms', 'proposition/iskanders-fired-at-shusha', '2021-03-31'),
            ('person/ilham-aliyev', 'statement/aliyev-blunder-2021-02-26', 'stance/affirms', 'proposition/pashinyan-iskander-claims-public-blunder', '2021-02-26'),
            ('person/ilham-aliyev', 'statement/aliyev-doubt-2021-02-26', 'stance/doubts', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-26'),
            ('person/ilham-aliyev', 'statement/aliyev-free-of-charge', 'stance/affirms', 'proposition/armenia-received-iskanders-free-of-charge', '2021-02-26'),
            ('state/azerbaijan', 'statement/baku-article-4-belief', 'stance/affirms', 'proposition/russia-not-eager-to-fulfil-article-4', '2021-04-27'),
        },
    ),
    'statements-by-arena': (
        ('arena', 'statement', 'agent'),
        {
            ('arena/domestic', 'statement/gasparyan-challenge', 'person/onik-gasparyan'),
            ('arena/domestic', 'statement/gasparyan-incompetence', 'person/onik-gasparyan'),
            ('arena/domestic', 'statement/khachatrian-nonsense', 'person/tiran-khachatrian'),
            ('arena/domestic', 'statement/military-figures-challenge', 'group/influential-military-figures'),
            ('arena/domestic', 'statement/military-figures-incompetence', 'group/influential-military-figures'),
            ('arena/domestic', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/pashinyan-coup-accusation', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/sarkissian-accusation-2021-02-16', 'person/serzh-sarkissian'),
            ('arena/external', 'statement/aliyev-blunder-2021-02-26', 'person/ilham-aliyev'),
            ('arena/external', 'statement/aliyev-doubt-2021-02-26', 'person/ilham-aliyev'),
            ('arena/external', 'statement/aliyev-free-of-charge', 'person/ilham-aliyev'),
            ('arena/external', 'statement/anama-report-2021-03-31', 'org/anama'),
            ('arena/external', 'statement/baku-article-4-belief', 'state/azerbaijan'),
            ('arena/external', 'statement/pashinyan-call-inaccurate-information-2021-02-25', 'person/nikol-pashinyan'),
            ('arena/external', 'statement/pashinyan-call-retraction-2021-02-25', 'person/nikol-pashinyan'),
        },
    ),
    'statements-russian-side': (
        ('agent', 'statement', 'stance', 'proposition', 'date'),
        {
            ('group/russian-mod-officials', 'statement/russian-mod-officials-denial', 'stance/denies', 'proposition/iskanders-used-in-2020-war', '2021-02-23'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-misled', 'stance/affirms', 'proposition/pashinyan-received-inaccurate-information', '2021-02-23'),
            ('org/russian-ministry-of-defence', 'statement/russian-mod-denial', 'stance/denies', 'proposition/iskander-useless-1980s-weapon', '2021-02-23'),
            ('org/russian-ministry-of-defence', 'statement/russian-mod-denial', 'stance/denies', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23'),
            ('org/russian-ministry-of-defence', 'statement/russian-mod-syria', 'stance/affirms', 'proposition/iskanders-used-successfully-in-syria', '2021-02-23'),
            ('person/dmitry-peskov', 'statement/peskov-denial-2021-04-02', 'stance/denies', 'proposition/russia-made-missiles-used-in-2020-war', '2021-04-02'),
            ('person/dmitry-peskov', 'statement/peskov-unaware-2021-04-02', 'stance/affirms', 'proposition/kremlin-unaware-of-fragment-report', '2021-04-02'),
        },
    ),
    'timeline': (
        ('item', 'label', 'date', 'month', 'earliest', 'latest'),
        {
            ('agreement/2020-nagorno-karabakh-ceasefire-statement', 'Trilateral ceasefire statement of 10 November 2020', '2020-11-10', '', '', ''),
            ('event/2020-nagorno-karabakh-war', '2020 Nagorno-Karabakh war', '', '', '', '2020-11-10'),
            ('event/2021-armenian-political-crisis', '2021 Armenian political crisis between Prime Minister Pashinyan and the military leadership', '', '', '2021-02-23', ''),
            ('event/anama-find-shusha-2021-03-15', 'Remains of a 9M723 Iskander-M missile found in Shusha, 15 March 2021', '2021-03-15', '', '', ''),
            ('event/bulgakov-visit-2021-03-31', 'Russian Deputy Defence Minister Dmitry Bulgakov visits Nagorno-Karabakh, 31 March 2021', '2021-03-31', '', '', ''),
            ('event/infiltration-attempt-after-ceasefire', 'Infiltration attempt after the ceasefire, followed by the detention of militants', '', '', '2020-11-10', ''),
            ('event/iskander-launch-video-shared-online', 'Video footage shared online reportedly showing Armenian forces launching two Iskander missiles', '', '', '2020-11-10', ''),
            ('event/missile-launch-against-baku', "Armenia's purported missile launch against Baku", '', '', '', '2020-11-10'),
            ('event/pashinyan-call-to-streets-of-yerevan', 'Pashinyan calls on his supporters to come out on to the streets of Yerevan', '', '', '2021-02-23', ''),
            ('event/putin-pashinyan-call-2021-02-25', 'Telephone conversation between Pashinyan and Putin, 25 February 2021', '2021-02-25', '', '', ''),
            ('event/russian-investigation-iskander-deliveries', "Russian security services' investigation into potential illegal deliveries of Iskander-M missiles to Armenia", '', '', '', '2021-04-27'),
            ('statement/aliyev-blunder-2021-02-26', "Aliyev calls Pashinyan's claims a public blunder (26 February 2021)", '2021-02-26', '', '', ''),
            ('statement/aliyev-doubt-2021-02-26', 'Aliyev says he does not believe Armenia used the Iskanders (26 February 2021)', '2021-02-26', '', '', ''),
            ('statement/aliyev-free-of-charge', 'Aliyev claims Armenia acquired Iskanders free of charge from Russia', '2021-02-26', '', '', ''),
            ('statement/anama-report-2021-03-31', 'ANAMA reports traces of Iskander missiles fired on Shusha (31 March 2021)', '2021-03-31', '', '', ''),
            ('statement/azerbaijani-media-9m723', 'Azerbaijani media claim that the missiles used were 9M723, not the 9K720-E Armenia received', '', '', '2021-03-31', '2021-04-27'),
            ('statement/azerbaijani-media-russia-involved', 'Azerbaijani media claim that Russia was directly involved in the use of the Iskanders', '', '', '2021-03-31', '2021-04-27'),
            ('statement/baku-article-4-belief', 'Baku believes Russia is not eager to fulfil its responsibilities under article 4', '', '', '', '2021-04-27'),
            ('statement/gasparyan-challenge', "Gasparyan challenges Pashinyan's decision to dismiss Khachatrian", '', '', '2021-02-23', ''),
            ('statement/gasparyan-incompetence', 'Gasparyan claims that Pashinyan has become incompetent', '', '', '2021-02-23', ''),
            ('statement/hakopian-claim-2020-11', 'Hakopian claims that Armenia used the Iskander during the war (November 2020)', '', '2020-11', '2020-11-01', '2020-11-30'),
            ('statement/khachatrian-nonsense', "Khachatrian calls Pashinyan's comments on the Iskanders 'nonsense'", '', '', '2021-02-23', ''),
            ('statement/lachin-allegations', 'Allegations that Armenian soldiers in civilian clothing were deployed through the Lachin Corridor', '', '', '', '2021-04-27'),
            ('statement/military-figures-challenge', "Several influential military figures challenge Pashinyan's decision to dismiss Khachatrian", '', '', '2021-02-23', ''),
            ('statement/military-figures-incompetence', 'Several influential military figures claim that Pashinyan has become incompetent', '', '', '2021-02-23', ''),
            ('statement/pashinyan-1in-am-interview-2021-02-23', 'Pashinyan tells 1in.am that the Iskanders are useless 1980s weapons (23 February 2021)', '2021-02-23', '', '', ''),
            ('statement/pashinyan-call-inaccurate-information-2021-02-25', 'Pashinyan tells Putin he had received inaccurate information (25 February 2021)', '2021-02-25', '', '', ''),
            ('statement/pashinyan-call-retraction-2021-02-25', 'Pashinyan withdraws his Iskander remarks in a call with Putin (25 February 2021)', '2021-02-25', '', '', ''),
            ('statement/pashinyan-coup-accusation', 'Pashinyan accuses the military figures of organising a coup', '', '', '2021-02-23', ''),
            ('statement/pashinyan-dismissal-request', 'Pashinyan asks the president to dismiss Khachatrian', '', '', '2021-02-23', ''),
            ('statement/peskov-denial-2021-04-02', 'Peskov recalls that Russia-made missiles were not used during the war (2 April 2021)', '2021-04-02', '', '', ''),
            ('statement/peskov-unaware-2021-04-02', 'Peskov says the Kremlin is unaware of any report on Iskander fragments (2 April 2021)', '2021-04-02', '', '', ''),
            ('statement/questions-in-azerbaijan-9m723', 'Questions asked in Azerbaijan how Armenia could have fired 9M723 missiles it did not possess', '', '', '2021-03-31', '2021-04-27'),
            ('statement/russian-mod-denial', "Russia's Ministry of Defence denies Pashinyan's assertions about the Iskanders", '', '', '2021-02-23', ''),
            ('statement/russian-mod-officials-denial', 'Russian defence ministry officials deny the use of any type of Iskander in Nagorno-Karabakh', '', '', '2021-02-23', ''),
            ('statement/russian-mod-officials-misled', 'Russian defence ministry officials claim that Pashinyan was misled with inaccurate information', '', '', '2021-02-23', ''),
            ('statement/russian-mod-syria', "Russia's Ministry of Defence claims that Russia successfully used the Iskanders in Syria", '', '', '2021-02-23', ''),
            ('statement/sarkissian-accusation-2021-02-16', 'Sarkissian accuses Pashinyan of failing to use the Iskanders (16 February 2021)', '2021-02-16', '', '', ''),
            ('statement/sources-close-investigation', 'Sources close to the Azerbaijani government say Russia is investigating illegal Iskander-M deliveries to Armenia', '', '', '', '2021-04-27'),
        },
    ),
    'unnamed-sources': (
        ('group', 'statement', 'stance', 'proposition'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'stance/affirms', 'proposition/9m723-differs-from-armenian-9k720-e'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'stance/affirms', 'proposition/9m723-missiles-employed-in-war'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'stance/affirms', 'proposition/russia-directly-involved-in-iskander-use'),
            ('group/influential-military-figures', 'statement/military-figures-challenge', 'stance/denies', 'proposition/khachatrian-should-be-dismissed'),
            ('group/influential-military-figures', 'statement/military-figures-incompetence', 'stance/affirms', 'proposition/pashinyan-has-become-incompetent'),
            ('group/lachin-allegation-makers', 'statement/lachin-allegations', 'stance/affirms', 'proposition/armenian-soldiers-deployed-via-lachin-corridor'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'stance/doubts', 'proposition/armenia-used-9m723-against-shusha'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-denial', 'stance/denies', 'proposition/iskanders-used-in-2020-war'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-misled', 'stance/affirms', 'proposition/pashinyan-received-inaccurate-information'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'stance/affirms', 'proposition/russian-investigation-into-iskander-m-deliveries'),
        },
    ),
    'use-stance-ledger': (
        ('proposition', 'agent', 'stance', 'statement', 'date'),
        {
            ('proposition/9m723-missiles-employed-in-war', 'group/azerbaijani-media', 'stance/affirms', 'statement/azerbaijani-media-9m723', '2021-03-31'),
            ('proposition/armenia-used-9m723-against-shusha', 'group/questioners-in-azerbaijan', 'stance/doubts', 'statement/questions-in-azerbaijan-9m723', '2021-03-31'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/ilham-aliyev', 'stance/doubts', 'statement/aliyev-doubt-2021-02-26', '2021-02-26'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/movses-hakopian', 'stance/affirms', 'statement/hakopian-claim-2020-11', '2020-11'),
            ('proposition/armenian-forces-launched-two-iskanders', 'person/mahammad-mammadov', 'stance/hedges', 'statement/author-video-reportedly-shows', '2021-04-27'),
            ('proposition/iskanders-fired-at-shusha', 'org/anama', 'stance/affirms', 'statement/anama-report-2021-03-31', '2021-03-31'),
            ('proposition/iskanders-fired-at-shusha', 'person/mahammad-mammadov', 'stance/hedges', 'statement/author-possible-use-shusha', '2021-04-27'),
            ('proposition/iskanders-used-in-2020-war', 'group/russian-mod-officials', 'stance/denies', 'statement/russian-mod-officials-denial', '2021-02-23'),
            ('proposition/russia-directly-involved-in-iskander-use', 'group/azerbaijani-media', 'stance/affirms', 'statement/azerbaijani-media-russia-involved', '2021-03-31'),
            ('proposition/russia-made-missiles-used-in-2020-war', 'person/dmitry-peskov', 'stance/denies', 'statement/peskov-denial-2021-04-02', '2021-04-02'),
        },
    ),
    'variant-discrepancy': (
        ('proposition', 'party', 'allegedModel', 'possessedModel', 'year'),
        {
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'weapon/9k720-e', '2013'),
        },
    ),
    'weapon-models-by-claim': (
        ('proposition', 'model', 'designation', 'family'),
        {
            ('proposition/9m723-differs-from-armenian-9k720-e', 'weapon/9k720-e', '9K720-E', 'weapon/iskander'),
            ('proposition/9m723-differs-from-armenian-9k720-e', 'weapon/9m723', '9M723', 'weapon/iskander'),
            ('proposition/9m723-missiles-employed-in-war', 'weapon/9m723', '9M723', 'weapon/iskander'),
            ('proposition/9m723-remains-found-in-shusha', 'weapon/9m723', '9M723', 'weapon/iskander'),
            ('proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/armenia-used-9m723-against-shusha', 'weapon/9m723', '9M723', 'weapon/iskander'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/armenian-forces-launched-two-iskanders', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/early-iskander-use-could-have-prevented-advances', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/iskander-useless-1980s-weapon', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/iskanders-fired-at-shusha', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/iskanders-used-in-2020-war', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/iskanders-used-successfully-in-syria', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/iskanders-would-not-have-been-effective', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/pashinyan-failed-to-use-iskanders-early-in-war', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/russia-directly-involved-in-iskander-use', 'weapon/iskander', '9K720', 'weapon/iskander'),
            ('proposition/russian-investigation-into-iskander-m-deliveries', 'weapon/iskander-m', '', 'weapon/iskander'),
        },
    ),
    'weapon-variants': (
        ('model', 'relation', 'other'),
        {
            ('weapon/9k720-e', 'kg:exportVariantOf', 'weapon/iskander-m'),
            ('weapon/9k720-e', 'kg:variantOf', 'weapon/iskander'),
            ('weapon/9k720-e', 'kg:variantOf', 'weapon/iskander-m'),
            ('weapon/iskander', 'kg:originState', 'state/russia'),
            ('weapon/9m723', 'kg:missileOf', 'weapon/iskander-m'),
            ('weapon/iskander-m', 'kg:variantOf', 'weapon/iskander'),
        },
    ),
    'who-affirmed-use': (
        ('agent', 'statement', 'proposition', 'date'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'proposition/9m723-missiles-employed-in-war', '2021-03-31'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'proposition/russia-directly-involved-in-iskander-use', '2021-03-31'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'proposition/iskanders-fired-at-shusha', '2021-03-31'),
            ('person/movses-hakopian', 'statement/hakopian-claim-2020-11', 'proposition/armenia-used-iskanders-in-2020-war', '2020-11'),
        },
    ),
    'who-denied-use': (
        ('agent', 'statement', 'stance', 'proposition', 'date'),
        {
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'stance/doubts', 'proposition/armenia-used-9m723-against-shusha', '2021-03-31'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-denial', 'stance/denies', 'proposition/iskanders-used-in-2020-war', '2021-02-23'),
            ('person/dmitry-peskov', 'statement/peskov-denial-2021-04-02', 'stance/denies', 'proposition/russia-made-missiles-used-in-2020-war', '2021-04-02'),
            ('person/ilham-aliyev', 'statement/aliyev-doubt-2021-02-26', 'stance/doubts', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-26'),
        },
    ),
}


def test_every_content_query_has_expected_rows():
    assert sorted(EXPECTED) == CONTENT_QUERIES
    assert len(CONTENT_QUERIES) >= 15
    assert "who-affirmed-use" in CONTENT_QUERIES


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_rows(name):
    columns, expected = EXPECTED[name]
    variables, _ = query_result(name)
    assert variables == columns
    assert rows_of(name, columns) == expected


@pytest.mark.parametrize("name", CONTENT_QUERIES)
def test_query_header(name):
    lines = query_path(name).read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[:6] if line.startswith("#")]
    assert header[0].startswith("# title: ")
    assert any(line.startswith("# question: ") for line in header)
    assert any(line.startswith("# expected use: ") for line in header)
    assert "PREFIX kg: <https://w3id.org/kgraph/ontology#>" in lines


def test_schrodinger_state_of_use():
    """The use of Iskanders is both affirmed and denied: the affair's 'Schrödinger' state."""
    contested = {row["proposition"] for row in run_query("contested-propositions")}
    assert ID + "proposition/iskanders-used-in-2020-war" in contested
    assert ID + "proposition/armenia-used-iskanders-in-2020-war" in contested


def test_sarkissian_is_not_the_sitting_president():
    positions = run_query("positions-held")
    sarkissian = [row for row in positions if row["person"] == ID + "person/serzh-sarkissian"]
    assert [row["status"] for row in sarkissian] == ["former"]
    assert all("office" not in row for row in sarkissian)
    assert not any(row.get("office") == ID + "office/president-of-armenia" for row in positions)
