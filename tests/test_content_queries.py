"""Competency queries return exactly the rows the article supports (after OWL-RL reasoning), with and without the
editors' interpretations.

Rows are compared as sets of tuples over the query's projected variables (as an ordered list for the timeline, whose
order is part of the answer), with kgraph IRIs shortened (``https://w3id.org/kgraph/id/`` and ``kg:`` prefixes
dropped); an unbound variable compares as ""; the parts of a GROUP_CONCAT column (LISTS) compare sorted.
"""

import re

import pytest
from content_graph import QUERIES_DIR, closed_graph, query_path, query_result, run_query
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

ID = "https://w3id.org/kgraph/id/"
KG = "https://w3id.org/kgraph/ontology#"
ORDERED = {"timeline"}

# queries/federated-*.rq belong to the Wikidata-links work and call a remote SERVICE: not run here.
CONTENT_QUERIES = sorted(p.stem for p in QUERIES_DIR.glob("*.rq") if not p.stem.startswith("federated-"))


def short(value: str) -> str:
    return value.replace(ID, "").replace(KG, "kg:")


LISTS = {"heldBy"}  # GROUP_CONCAT columns: SPARQL leaves the order of the parts to the engine


def cell(row: dict, column: str) -> str:
    value = short(row.get(column, ""))
    return "; ".join(sorted(value.split("; "))) if column in LISTS and value else value


def rows_of(name: str, columns: tuple[str, ...], view: str = "full"):
    rows = [tuple(cell(row, column) for column in columns) for row in run_query(name, view)]
    return rows if name in ORDERED else set(rows)


EXPECTED: dict[str, tuple[tuple[str, ...], set | list]] = {
    'acquisitions': (
        ('acquisition', 'recipient', 'supplier', 'model', 'year', 'status', 'reportedIn'),
        {
            ('acquisition/armenia-9k720-e-2013', 'state/armenia', 'state/russia', 'weapon/9k720-e', '2013', 'alleged', 'statement/author-9m723-supposedly-different'),
            ('acquisition/armenia-9k720-e-2013', 'state/armenia', 'state/russia', 'weapon/9k720-e', '2013', 'alleged', 'statement/azerbaijani-media-9m723'),
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
        ('provision', 'statement', 'agent', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('Armenian forces in Karabakh would be replaced with Russian peacekeepers.', 'statement/baku-article-4-belief', 'state/azerbaijan', 'act/attributed-belief', 'PR+', 'proposition/russia-not-eager-to-fulfil-article-4', '../2021-04-27', 'bounds'),
            ('Armenian forces in Karabakh would be replaced with Russian peacekeepers.', 'statement/lachin-allegations', 'group/lachin-allegation-makers', 'act/accusation', 'CT+', 'proposition/armenian-soldiers-deployed-via-lachin-corridor', '2020-11-10/2021-04-27', 'bounds'),
        },
    ),
    'author-analysis': (
        ('statement', 'act', 'factuality', 'proposition'),
        {
            ('statement/author-9m723-supposedly-different', 'act/relay', 'Uu', 'proposition/9m723-differs-from-armenian-9k720-e'),
            ('statement/author-9m723-supposedly-different', 'act/relay', 'Uu', 'proposition/9m723-missiles-employed-in-war'),
            ('statement/author-9m723-supposedly-different', 'act/relay', 'Uu', 'proposition/armenia-received-9k720-e-in-2013'),
            ('statement/author-aliyev-denounced', 'act/assertion', 'CT+', 'proposition/aliyev-repeatedly-denounced-russian-military-support'),
            ('statement/author-anama-turning-point', 'act/assertion', 'CT+', 'proposition/anama-report-turning-point-for-baku'),
            ('statement/author-angered-moscow', 'act/assertion', 'CT+', 'proposition/pashinyan-remarks-angered-moscow'),
            ('statement/author-azerbaijan-more-time', 'act/assertion', 'CT+', 'proposition/azerbaijan-had-more-time-to-work-out-position'),
            ('statement/author-azerbaijani-unease', 'act/assertion', 'CT+', 'proposition/russian-unwillingness-increased-azerbaijani-unease'),
            ('statement/author-azerbaijani-unease', 'act/assertion', 'PR+', 'proposition/russia-unwilling-to-help-baku'),
            ('statement/author-baku-grievances', 'act/assertion', 'CT+', 'proposition/baku-hopes-to-signal-grievances-against-russia'),
            ('statement/author-baku-narrative', 'act/assertion', 'CT+', 'proposition/baku-built-grievance-narrative'),
            ('statement/author-baku-narrative', 'act/assertion', 'PR+', 'proposition/baku-would-build-grievance-narrative'),
            ('statement/author-baku-tone', 'act/assertion', 'PS+', 'proposition/baku-tone-change-due-to-peacekeeping-dissatisfaction'),
            ('statement/author-comments-controversy', 'act/assertion', 'CT+', 'proposition/pashinyan-comments-met-with-controversy'),
            ('statement/author-comments-relations-russia', 'act/assertion', 'PS+', 'proposition/pashinyan-comments-affected-relations-with-russia'),
            ('statement/author-hypothetical-advances', 'act/assertion', 'PS+', 'proposition/early-iskander-use-would-have-prevented-advances'),
            ('statement/author-investigation-supposedly-launched', 'act/relay', 'Uu', 'proposition/russian-investigation-into-iskander-m-deliveries'),
            ('statement/author-issue-effects', 'act/assertion', 'CT+', 'proposition/iskander-issue-opportunity-for-azerbaijan'),
            ('statement/author-issue-effects', 'act/assertion', 'CT+', 'proposition/iskander-issue-polarised-armenia'),
            ('statement/author-issue-effects', 'act/assertion', 'CT+', 'proposition/iskander-issue-triggered-harsh-russian-rhetoric'),
            ('statement/author-manoeuvres-haunt-agreement', 'act/assertion', 'PR+', 'proposition/late-war-manoeuvres-will-haunt-agreement'),
            ('statement/author-margin-of-error', 'act/assertion', 'CT+', 'proposition/armenia-has-domestic-issues-and-relies-on-russia'),
            ('statement/author-margin-of-error', 'act/assertion', 'CT+', 'proposition/azerbaijan-wider-margin-of-error'),
            ('statement/author-military-opposition', 'act/assertion', 'CT+', 'proposition/pashinyan-faced-unprecedented-military-opposition'),
            ('statement/author-national-prominence', 'act/assertion', 'CT+', 'proposition/iskander-issue-rose-to-national-prominence'),
            ('statement/author-possible-use-shusha', 'act/assertion', 'PS+', 'proposition/iskanders-fired-at-shusha'),
            ('statement/author-pressure', 'act/assertion', 'CT+', 'proposition/pashinyan-faced-domestic-and-external-pressure'),
            ('statement/author-purported-launch-baku', 'act/relay', 'Uu', 'proposition/armenia-launched-missile-against-baku'),
            ('statement/author-reputation-damage', 'act/assertion', 'CT+', 'proposition/pashinyan-decided-not-to-use-iskanders-in-war'),
            ('statement/author-reputation-damage', 'act/assertion', 'CT+', 'proposition/pashinyan-remarks-threatened-russian-arms-reputation'),
            ('statement/author-russia-patron', 'act/assertion', 'CT+', 'proposition/russia-is-armenias-external-patron'),
            ('statement/author-russian-ties', 'act/assertion', 'PR+', 'proposition/russian-officials-strengthened-ties-with-karabakh-authorities'),
            ('statement/author-shusha-questions', 'act/assertion', 'CT+', 'proposition/shusha-use-raised-questions-of-responsibility'),
            ('statement/author-stable-system', 'act/assertion', 'CT+', 'proposition/baku-stable-system-and-wider-security-links'),
            ('statement/author-strengthen-hand', 'act/assertion', 'PS+', 'proposition/baku-wants-to-use-dispute-to-strengthen-hand'),
            ('statement/author-two-arenas', 'act/assertion', 'CT+', 'proposition/leaders-used-iskander-topic-in-two-arenas'),
            ('statement/author-uncertainty', 'act/assertion', 'PS+', 'proposition/iskander-issues-will-increase-uncertainty'),
            ('statement/author-video-credibility', 'act/assertion', 'CT+', 'proposition/anama-evidence-strengthened-video-credibility'),
            ('statement/author-video-reportedly-shows', 'act/relay', 'Uu', 'proposition/armenian-forces-launched-two-iskanders'),
        },
    ),
    'contested-propositions': (
        ('proposition', 'label'),
        {
            ('proposition/9m723-missiles-employed-in-war', 'The Iskander missiles employed in the 2020 war were of the 9M723 type'),
            ('proposition/9m723-missiles-used-against-shusha', '9M723 missiles were used against Shusha'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'Armenia used Iskander missiles during the 2020 war'),
            ('proposition/iskander-useless-1980s-weapon', 'The Iskander missiles are useless weapons from the 1980s'),
            ('proposition/iskanders-fired-at-shusha', 'Iskander missiles were fired at Shusha'),
            ('proposition/iskanders-used-in-2020-war', 'Iskander missiles were used in the 2020 Nagorno-Karabakh war'),
            ('proposition/iskanders-used-in-nagorno-karabakh', 'Iskander missiles were used in Nagorno-Karabakh'),
            ('proposition/iskanders-would-not-have-been-effective', 'Even if used against Azerbaijan, the Iskander missiles would not have been very effective'),
            ('proposition/russia-directly-involved-in-iskander-use', 'Russia was directly involved in the use of the Iskander missiles in Karabakh'),
            ('proposition/russia-made-missiles-used-in-2020-war', 'Russia-made missiles were used during the 2020 Nagorno-Karabakh war'),
        },
    ),
    'interpretations': (
        ('interpretation', 'confidence', 'adds', 'rationale'),
        {
            ('interpretation/9k720-e-is-iskander-e', 'medium', 'weapon/9k720-e http://www.w3.org/1999/02/22-rdf-syntax-ns#type kg:WeaponSystemModel', "The article gives only the designation '9K720-E', for what Armenia 'received from Russia in 2013', and compares it with the missile 9M723. Outside sources give 9K720 as the GRAU index of the Iskander-M system and call the Iskander-E its export version (data/weapons.trig, kgg:outside); a 9K index with an '-E' suffix is read as that export system. The article itself speaks of 'missiles', so the reading is of a system, not of a missile designation."),
            ('interpretation/9k720-e-is-iskander-e', 'medium', 'weapon/9k720-e kg:variantOf weapon/iskander-e', "The article gives only the designation '9K720-E', for what Armenia 'received from Russia in 2013', and compares it with the missile 9M723. Outside sources give 9K720 as the GRAU index of the Iskander-M system and call the Iskander-E its export version (data/weapons.trig, kgg:outside); a 9K index with an '-E' suffix is read as that export system. The article itself speaks of 'missiles', so the reading is of a system, not of a missile designation."),
            ('interpretation/anama-speaks-for-azerbaijan', 'medium', 'org/anama kg:speaksFor state/azerbaijan', "The article calls ANAMA 'Azerbaijan's national mine agency' (a state body, so it acts for Azerbaijan) and says its report 'proved to be a turning point regarding Baku's approach to the issue'. That its report states the official position of Baku, as a ministry's or a spokesperson's statement would, is a reading: the article does not say that Baku adopted it."),
            ('interpretation/blunder-answers-the-interview', 'medium', 'statement/aliyev-blunder-2021-02-26 kg:respondsTo statement/pashinyan-1in-am-interview-2021-02-23', "'He also stated that Prime Minister Pashinyan's claims were simply a public blunder': the article does not say which claims; the ones it has just reported are the interview's, that the Iskanders 'were useless weapons from the 1980s' and 'would not have been very effective'."),
            ('interpretation/call-answers-the-officials', 'high', 'statement/pashinyan-call-inaccurate-information-2021-02-25 kg:respondsTo statement/russian-mod-officials-misled', "The ministry officials 'claimed that the Armenian prime minister was being misled with inaccurate information'; 'During the call, he stated that he had received inaccurate information about the situation'. The words echo each other, and the call follows the officials' claims in the paragraph; the article does not say that he answered them."),
            ('interpretation/call-as-retraction', 'medium', 'statement/pashinyan-call-retraction-2021-02-25', "The article reports only that, 'facing stiff pressure from both domestic competition and the country's external ‘patron’', Pashinyan 'stated that he had received inaccurate information about the situation', echoing the Russian officials who had 'claimed that the Armenian prime minister was being misled with inaccurate information' in answer to his remarks that the Iskanders were useless and would not have been effective. Read in that sequence, the call withdraws those remarks; the article does not say which remarks he withdrew, or that he withdrew any."),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'event/2021-armenian-political-crisis kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/gasparyan-challenge kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/gasparyan-incompetence kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/military-figures-challenge kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/military-figures-incompetence kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/pashinyan-call-to-streets kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/pashinyan-coup-accusation kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/pashinyan-dismissal-request kg:earliestDate 2021-02-23', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/dismissal-answers-the-remark', 'medium', 'statement/pashinyan-dismissal-request kg:respondsTo statement/khachatrian-nonsense', '\'He even asked the president to fire ... Tiran Khachatrian, who claimed that Pashinyan\'s comments regarding the Iskander missiles were "nonsense"\': a relative clause, which names the general by his remark without saying that the request answered it. Read as an answer, the request came after the remark, which answers the interview of 23 February 2021; so did the challenges \'subsequently\' to it, and the accusation of a coup and the call to the streets \'in response\' to them, and the crisis they make up.'),
            ('interpretation/media-9m723-attribution', 'medium', 'statement/azerbaijani-media-9m723', "The sentence 'The type of Iskander missiles employed in the war (9M723) are supposedly different to those that Armenia received from Russia in 2013 (9K720-E)' names no speaker. It follows 'Later, Azerbaijani media went a step further and claimed that Russia was directly involved', and 'supposedly' marks that the author passes on someone else's claim; the next sentence reports the questions asked in Azerbaijan about 'these missiles'. Read as the media's claim, it is their assertion of all three propositions, and the questions answer it."),
            ('interpretation/peskov-fragments-are-the-shusha-remains', 'high', 'proposition/kremlin-unaware-of-fragment-report kg:concerns event/anama-find-shusha-2021-03-15', "Asked 'about Russia's position on the issue' two days after ANAMA's report of 31 March, Peskov 'said that the Kremlin was unaware of any report on Iskander missile fragments found in Karabakh': the only report on Iskander remains the article mentions is ANAMA's, of 'the remains of different parts of the Iskander-M missile ... found on March 15th in Shusha'. The article does not say that Peskov meant that report."),
            ('interpretation/russia-as-external-patron', 'high', 'proposition/russia-is-armenias-external-patron', "'Facing stiff pressure from both domestic competition and the country's external ‘patron’, Pashinyan agreed to a telephone conversation with Vladimir Putin': the paragraph is about Moscow's anger and the Russian Ministry of Defence's statements, and the pressure ends in a call with Russia's president. The article does not name the patron."),
            ('interpretation/russia-as-external-patron', 'high', 'statement/author-russia-patron', "'Facing stiff pressure from both domestic competition and the country's external ‘patron’, Pashinyan agreed to a telephone conversation with Vladimir Putin': the paragraph is about Moscow's anger and the Russian Ministry of Defence's statements, and the pressure ends in a call with Russia's president. The article does not name the patron."),
            ('interpretation/russian-bodies-speak-for-russia', 'high', 'group/russian-mod-officials kg:speaksFor org/russian-ministry-of-defence', "The article calls the ministry 'Russia's Ministry of Defence' and its people 'ministry officials' (so they act for Russia), and it sets their denials against Armenia's under the heading 'Armenia vs Russia: fired/not fired', as the 'harsh rhetoric from Russian officials' that 'angered Moscow'; it says that Peskov was asked about 'Russia's position' and answered with what the Kremlin knew. That their words state Russia's official position, as an office holder's would, is a reading: the article does not say so. The same reading of ANAMA is a separate interpretation."),
            ('interpretation/russian-bodies-speak-for-russia', 'high', 'org/kremlin kg:speaksFor state/russia', "The article calls the ministry 'Russia's Ministry of Defence' and its people 'ministry officials' (so they act for Russia), and it sets their denials against Armenia's under the heading 'Armenia vs Russia: fired/not fired', as the 'harsh rhetoric from Russian officials' that 'angered Moscow'; it says that Peskov was asked about 'Russia's position' and answered with what the Kremlin knew. That their words state Russia's official position, as an office holder's would, is a reading: the article does not say so. The same reading of ANAMA is a separate interpretation."),
            ('interpretation/russian-bodies-speak-for-russia', 'high', 'org/russian-ministry-of-defence kg:speaksFor state/russia', "The article calls the ministry 'Russia's Ministry of Defence' and its people 'ministry officials' (so they act for Russia), and it sets their denials against Armenia's under the heading 'Armenia vs Russia: fired/not fired', as the 'harsh rhetoric from Russian officials' that 'angered Moscow'; it says that Peskov was asked about 'Russia's position' and answered with what the Kremlin knew. That their words state Russia's official position, as an office holder's would, is a reading: the article does not say so. The same reading of ANAMA is a separate interpretation."),
            ('interpretation/shusha-firing-in-the-war', 'high', 'proposition/iskanders-fired-at-shusha kg:entails proposition/iskanders-used-in-2020-war', "The article does not date the firing. It places 'the possible use of Russia-made Iskander missiles against Azerbaijani targets in Shusha' 'alongside' the helicopter shootdown and the launch against Baku 'just a few hours before the ceasefire', among the 'military manoeuvres in the last phases of the war'; the sentence it passes on with 'supposedly' calls the 9M723 'the type of Iskander missiles employed in the war'; and Peskov answers a question on the fragments by recalling 'that Russia-made missiles were not used during the war last autumn'."),
            ('interpretation/shusha-in-nagorno-karabakh', 'high', 'place/shusha kg:locatedIn place/nagorno-karabakh', "The article never says where Shusha is. Peskov's 'Iskander missile fragments found in Karabakh' can only be the remains that ANAMA reported found 'in Shusha' (interpretation/peskov-fragments-are-the-shusha-remains), so the article treats Shusha as part of Karabakh; and then Iskanders fired at Shusha were used in Nagorno-Karabakh."),
            ('interpretation/shusha-in-nagorno-karabakh', 'high', 'proposition/iskanders-fired-at-shusha kg:entails proposition/iskanders-used-in-nagorno-karabakh', "The article never says where Shusha is. Peskov's 'Iskander missile fragments found in Karabakh' can only be the remains that ANAMA reported found 'in Shusha' (interpretation/peskov-fragments-are-the-shusha-remains), so the article treats Shusha as part of Karabakh; and then Iskanders fired at Shusha were used in Nagorno-Karabakh."),
            ('interpretation/two-level-game-arenas', 'medium', 'statement/aliyev-blunder-2021-02-26 kg:arena arena/external', "The article ties only the paragraph that opens 'Domestically, Pashinyan faced unprecedented opposition' to an arena in so many words. Its thesis assigns the others: 'Leaders in both Armenia and Azerbaijan have used the topic to achieve certain goals in both the domestic and external arenas'; the issue 'rose to national prominence' with Sarkissian's accusation, which Pashinyan answered in a 'local online news portal'; his call with Putin answered the 'external ‘patron’'; Azerbaijan worked out 'its position on the issue in relation to Armenia and Russia', and the Iskander issue serves Baku 'to indirectly signal grievances against certain Russian moves', to which ANAMA's report was 'a turning point'."),
            ('interpretation/two-level-game-arenas', 'medium', 'statement/aliyev-doubt-2021-02-26 kg:arena arena/external', "The article ties only the paragraph that opens 'Domestically, Pashinyan faced unprecedented opposition' to an arena in so many words. Its thesis assigns the others: 'Leaders in both Armenia and Azerbaijan have used the topic to achieve certain goals in both the domestic and external arenas'; the issue 'rose to national prominence' with Sarkissian's accusation, which Pashinyan answered in a 'local online news portal'; his call with Putin answered the 'external ‘patron’'; Azerbaijan worked out 'its position on the issue in relation to Armenia and Russia', and the Iskander issue serves Baku 'to indirectly signal grievances against certain Russian moves', to which ANAMA's report was 'a turning point'."),
            ('interpretation/two-level-game-arenas', 'medium', 'statement/aliyev-free-of-charge kg:arena arena/external', "The article ties only the paragraph that opens 'Domestically, Pashinyan faced unprecedented opposition' to an arena in so many words. Its thesis assigns the others: 'Leaders in both Armenia and Azerbaijan have used the topic to achieve certain goals in both the domestic and external arenas'; the issue 'rose to national prominence' with Sarkissian's accusation, which Pashinyan answered in a 'local online news portal'; his call with Putin answered the 'external ‘patron’'; Azerbaijan worked out 'its position on the issue in relation to Armenia and Russia', and the Iskander issue serves Baku 'to indirectly signal grievances against certain Russian moves', to which ANAMA's report was 'a turning point'."),
            ('interpretation/two-level-game-arenas', 'medium', 'statement/anama-report-2021-03-31 kg:arena arena/external', "The article ties only the paragraph that opens 'Domestically, Pashinyan faced unprecedented opposition' to an arena in so many words. Its thesis assigns the others: 'Leaders in both Armenia and Azerbaijan have used the topic to achieve certain goals in both the domestic and external arenas'; the issue 'rose to national prominence' with Sarkissian's accusation, which Pashinyan answered in a 'local online news portal'; his call with Putin answered the 'external ‘patron’'; Azerbaijan worked out 'its position on the issue in relation to Armenia and Russia', and the Iskander issue serves Baku 'to indirectly signal grievances against certain Russian moves', to which ANAMA's report was 'a turning point'."),
            ('interpretation/two-level-game-arenas', 'medium', 'statement/pashinyan-1in-am-interview-2021-02-23 kg:arena arena/domestic', "The article ties only the paragraph that opens 'Domestically, Pashinyan faced unprecedented opposition' to an arena in so many words. Its thesis assigns the others: 'Leaders in both Armenia and Azerbaijan have used the topic to achieve certain goals in both the domestic and external arenas'; the issue 'rose to national prominence' with Sarkissian's accusation, which Pashinyan answered in a 'local online news portal'; his call with Putin answered the 'external ‘patron’'; Azerbaijan worked out 'its position on the issue in relation to Armenia and Russia', and the Iskander issue serves Baku 'to indirectly signal grievances against certain Russian moves', to which ANAMA's report was 'a turning point'."),
            ('interpretation/two-level-game-arenas', 'medium', 'statement/pashinyan-call-inaccurate-information-2021-02-25 kg:arena arena/external', "The article ties only the paragraph that opens 'Domestically, Pashinyan faced unprecedented opposition' to an arena in so many words. Its thesis assigns the others: 'Leaders in both Armenia and Azerbaijan have used the topic to achieve certain goals in both the domestic and external arenas'; the issue 'rose to national prominence' with Sarkissian's accusation, which Pashinyan answered in a 'local online news portal'; his call with Putin answered the 'external ‘patron’'; Azerbaijan worked out 'its position on the issue in relation to Armenia and Russia', and the Iskander issue serves Baku 'to indirectly signal grievances against certain Russian moves', to which ANAMA's report was 'a turning point'."),
            ('interpretation/two-level-game-arenas', 'medium', 'statement/sarkissian-accusation-2021-02-16 kg:arena arena/domestic', "The article ties only the paragraph that opens 'Domestically, Pashinyan faced unprecedented opposition' to an arena in so many words. Its thesis assigns the others: 'Leaders in both Armenia and Azerbaijan have used the topic to achieve certain goals in both the domestic and external arenas'; the issue 'rose to national prominence' with Sarkissian's accusation, which Pashinyan answered in a 'local online news portal'; his call with Putin answered the 'external ‘patron’'; Azerbaijan worked out 'its position on the issue in relation to Armenia and Russia', and the Iskander issue serves Baku 'to indirectly signal grievances against certain Russian moves', to which ANAMA's report was 'a turning point'."),
            ('interpretation/video-launch-in-the-war', 'medium', 'proposition/armenian-forces-launched-two-iskanders kg:entails proposition/armenia-used-iskanders-in-2020-war', "The footage was 'shared online a few days after the signing of the peace deal' and 'reportedly shows Armenian forces launching two Iskander missiles against Azerbaijani targets'; ANAMA's evidence of 'Iskander missiles fired on Shusha' 'strengthened the credibility' of it. The article does not date the launch itself."),
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
        ('find', 'status', 'model', 'place', 'date', 'distanceMetres', 'report', 'reporter', 'reportDate'),
        {
            ('event/anama-find-shusha-2021-03-15', 'alleged', 'weapon/9m723', 'place/shusha', '2021-03-15', '780', 'statement/anama-report-2021-03-31', 'org/anama', '2021-03-31'),
        },
    ),
    'positions-held': (
        ('person', 'position', 'status', 'asOf', 'asOfWhen', 'in', 'office', 'rank'),
        {
            ('person/dmitry-bulgakov', 'position/dmitry-bulgakov-deputy-defence-minister', 'holder', 'event/bulgakov-visit-2021-03-31', '2021-03-31', 'org/russian-ministry-of-defence', '', ''),
            ('person/dmitry-peskov', 'position/dmitry-peskov-presidential-spokesperson', 'holder', 'statement/peskov-unaware-2021-04-02', '2021-04-02', 'org/kremlin', '', ''),
            ('person/ilham-aliyev', 'position/ilham-aliyev-president', 'holder', 'statement/aliyev-doubt-2021-02-26', '2021-02-26', 'state/azerbaijan', 'office/president-of-azerbaijan', ''),
            ('person/mahammad-mammadov', 'position/mahammad-mammadov-research-fellow', 'holder', 'source/nee-2021-04-27-schrodingers-iskanders', '2021-04-27', 'org/topchubashov-center', '', ''),
            ('person/movses-hakopian', 'position/movses-hakopian-chief-military-inspector', 'former holder', 'source/nee-2021-04-27-schrodingers-iskanders', '2021-04-27', 'org/armenian-armed-forces', '', ''),
            ('person/nikol-pashinyan', 'position/nikol-pashinyan-prime-minister', 'holder', 'statement/sarkissian-accusation-2021-02-16', '2021-02-16', 'state/armenia', 'office/prime-minister-of-armenia', ''),
            ('person/onik-gasparyan', 'position/onik-gasparyan-chief-of-general-staff', 'holder', 'statement/gasparyan-challenge', '2021-02-23/2021-04-27', 'org/armenian-general-staff', '', 'Colonel-General'),
            ('person/serzh-sarkissian', 'position/serzh-sarkissian-former-president', 'former holder', 'statement/sarkissian-accusation-2021-02-16', '2021-02-16', 'state/armenia', '', ''),
            ('person/tiran-khachatrian', 'position/tiran-khachatrian-deputy-chief-of-general-staff', 'holder', 'statement/pashinyan-dismissal-request', '2021-02-23/2021-04-27', 'org/armenian-general-staff', '', 'Lieutenant General'),
            ('person/vladimir-putin', 'position/vladimir-putin-president', 'holder', 'agreement/2020-nagorno-karabakh-ceasefire-statement', '2020-11-10', 'state/russia', 'office/president-of-russia', ''),
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
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/gasparyan-challenge', 'person/onik-gasparyan'),
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/gasparyan-incompetence', 'person/onik-gasparyan'),
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/military-figures-challenge', 'group/influential-military-figures'),
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/military-figures-incompetence', 'group/influential-military-figures'),
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
        ('state', 'earlier', 'earlierFactuality', 'earlierWhen', 'later', 'laterAct', 'laterFactuality', 'laterWhen', 'proposition'),
        {
            ('state/armenia', 'statement/pashinyan-1in-am-interview-2021-02-23', 'CT+', '2021-02-23', 'statement/pashinyan-call-retraction-2021-02-25', 'act/retraction', 'Uu', '2021-02-25', 'proposition/iskander-useless-1980s-weapon'),
            ('state/armenia', 'statement/pashinyan-1in-am-interview-2021-02-23', 'CT+', '2021-02-23', 'statement/pashinyan-call-retraction-2021-02-25', 'act/retraction', 'Uu', '2021-02-25', 'proposition/iskanders-would-not-have-been-effective'),
        },
    ),
    'statement-provenance': (
        ('statement', 'source', 'quote', 'exact', 'start', 'end'),
        {
            ('statement/peskov-denial-2021-04-02', 'source/nee-2021-04-27-schrodingers-iskanders', 'quote/peskov', 'When asked about Russia’s position on the issue on April 2nd, presidential spokesperson Dmitry Peskov said that the Kremlin was unaware of any report on Iskander missile fragments found in Karabakh and\xa0recalled\xa0that Russia-made missiles were not used during the war last autumn.', '6240', '6518'),
        },
    ),
    'statements-armenian-side': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/influential-military-figures', 'statement/military-figures-challenge', 'act/denial', 'CT-', 'proposition/khachatrian-should-be-dismissed', '2021-02-23/2021-04-27', 'bounds'),
            ('group/influential-military-figures', 'statement/military-figures-incompetence', 'act/assertion', 'CT+', 'proposition/pashinyan-has-become-incompetent', '2021-02-23/2021-04-27', 'bounds'),
            ('person/movses-hakopian', 'statement/hakopian-claim-2020-11', 'act/assertion', 'CT+', 'proposition/armenia-used-iskanders-in-2020-war', '2020-11', 'month'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'act/assertion', 'CT+', 'proposition/iskander-useless-1980s-weapon', '2021-02-23', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'act/assertion', 'CT+', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'act/assertion', 'CT-', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-23', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-inaccurate-information-2021-02-25', 'act/assertion', 'CT+', 'proposition/pashinyan-received-inaccurate-information', '2021-02-25', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-retraction-2021-02-25', 'act/retraction', 'Uu', 'proposition/iskander-useless-1980s-weapon', '2021-02-25', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-retraction-2021-02-25', 'act/retraction', 'Uu', 'proposition/iskanders-would-not-have-been-effective', '2021-02-25', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-to-streets', 'act/request', 'CT+', 'proposition/supporters-should-defend-government-in-yerevan', '2021-02-23/2021-04-27', 'bounds'),
            ('person/nikol-pashinyan', 'statement/pashinyan-coup-accusation', 'act/accusation', 'CT+', 'proposition/military-leaders-organising-coup', '2021-02-23/2021-04-27', 'bounds'),
            ('person/nikol-pashinyan', 'statement/pashinyan-dismissal-request', 'act/request', 'CT+', 'proposition/khachatrian-should-be-dismissed', '2021-02-23/2021-04-27', 'bounds'),
            ('person/onik-gasparyan', 'statement/gasparyan-challenge', 'act/denial', 'CT-', 'proposition/khachatrian-should-be-dismissed', '2021-02-23/2021-04-27', 'bounds'),
            ('person/onik-gasparyan', 'statement/gasparyan-incompetence', 'act/assertion', 'CT+', 'proposition/pashinyan-has-become-incompetent', '2021-02-23/2021-04-27', 'bounds'),
            ('person/serzh-sarkissian', 'statement/sarkissian-accusation-2021-02-16', 'act/accusation', 'CT+', 'proposition/pashinyan-failed-to-use-iskanders-early-in-war', '2021-02-16', 'day'),
            ('person/serzh-sarkissian', 'statement/sarkissian-accusation-2021-02-16', 'act/accusation', 'CT-', 'proposition/armenia-used-iskanders-early-in-war', '2021-02-16', 'day'),
            ('person/tiran-khachatrian', 'statement/khachatrian-nonsense', 'act/denial', 'CT-', 'proposition/iskander-useless-1980s-weapon', '2021-02-23/2021-04-27', 'bounds'),
            ('person/tiran-khachatrian', 'statement/khachatrian-nonsense', 'act/denial', 'CT-', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23/2021-04-27', 'bounds'),
        },
    ),
    'statements-azerbaijani-side': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'act/assertion', 'CT+', 'proposition/9m723-differs-from-armenian-9k720-e', '2021-03-31/2021-04-27', 'bounds'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'act/assertion', 'CT+', 'proposition/9m723-missiles-employed-in-war', '2021-03-31/2021-04-27', 'bounds'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'act/assertion', 'CT+', 'proposition/armenia-received-9k720-e-in-2013', '2021-03-31/2021-04-27', 'bounds'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'act/assertion', 'CT+', 'proposition/russia-directly-involved-in-iskander-use', '2021-03-31/2021-04-27', 'bounds'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT+', 'proposition/9m723-missiles-used-against-shusha', '2021-03-31/2021-04-27', 'bounds'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT-', 'proposition/armenia-possessed-9m723-missiles', '2021-03-31/2021-04-27', 'bounds'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'Uu', 'proposition/armenia-used-9m723-against-shusha', '2021-03-31/2021-04-27', 'bounds'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'CT+', 'proposition/russian-investigation-into-iskander-m-deliveries', '../2021-04-27', 'bounds'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/delivered-iskander-m-used-in-nagorno-karabakh', '../2021-04-27', 'bounds'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/iskander-m-illegally-delivered-to-armenia', '../2021-04-27', 'bounds'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'act/report', 'CT+', 'proposition/9m723-remains-found-in-shusha', '2021-03-31', 'day'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'act/report', 'CT+', 'proposition/iskanders-fired-at-shusha', '2021-03-31', 'day'),
            ('person/ilham-aliyev', 'statement/aliyev-blunder-2021-02-26', 'act/assertion', 'CT+', 'proposition/pashinyan-iskander-claims-public-blunder', '2021-02-26', 'day'),
            ('person/ilham-aliyev', 'statement/aliyev-doubt-2021-02-26', 'act/denial', 'PR-', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-26', 'day'),
            ('person/ilham-aliyev', 'statement/aliyev-free-of-charge', 'act/accusation', 'CT+', 'proposition/armenia-received-iskanders-free-of-charge', '2020-11-10/2021-04-27', 'bounds'),
            ('state/azerbaijan', 'statement/baku-article-4-belief', 'act/attributed-belief', 'PR+', 'proposition/russia-not-eager-to-fulfil-article-4', '../2021-04-27', 'bounds'),
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
            ('arena/domestic', 'statement/pashinyan-call-to-streets', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/pashinyan-coup-accusation', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/sarkissian-accusation-2021-02-16', 'person/serzh-sarkissian'),
            ('arena/external', 'statement/aliyev-blunder-2021-02-26', 'person/ilham-aliyev'),
            ('arena/external', 'statement/aliyev-doubt-2021-02-26', 'person/ilham-aliyev'),
            ('arena/external', 'statement/aliyev-free-of-charge', 'person/ilham-aliyev'),
            ('arena/external', 'statement/anama-report-2021-03-31', 'org/anama'),
            ('arena/external', 'statement/pashinyan-call-inaccurate-information-2021-02-25', 'person/nikol-pashinyan'),
            ('arena/external', 'statement/pashinyan-call-retraction-2021-02-25', 'person/nikol-pashinyan'),
        },
    ),
    'statements-russian-side': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/russian-mod-officials', 'statement/russian-mod-officials-denial', 'act/denial', 'CT-', 'proposition/iskanders-used-in-nagorno-karabakh', '2021-02-23/2021-04-27', 'bounds'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-misled', 'act/assertion', 'CT+', 'proposition/pashinyan-received-inaccurate-information', '2021-02-23/2021-04-27', 'bounds'),
            ('org/russian-ministry-of-defence', 'statement/russian-mod-denial', 'act/denial', 'CT-', 'proposition/iskander-useless-1980s-weapon', '2021-02-23/2021-04-27', 'bounds'),
            ('org/russian-ministry-of-defence', 'statement/russian-mod-denial', 'act/denial', 'CT-', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23/2021-04-27', 'bounds'),
            ('org/russian-ministry-of-defence', 'statement/russian-mod-syria', 'act/assertion', 'CT+', 'proposition/iskanders-used-successfully-in-syria', '2021-02-23/2021-04-27', 'bounds'),
            ('person/dmitry-peskov', 'statement/peskov-denial-2021-04-02', 'act/denial', 'CT-', 'proposition/russia-made-missiles-used-in-2020-war', '2021-04-02', 'day'),
            ('person/dmitry-peskov', 'statement/peskov-unaware-2021-04-02', 'act/assertion', 'CT+', 'proposition/kremlin-unaware-of-fragment-report', '2021-04-02', 'day'),
        },
    ),
    'timeline': (
        ('item', 'label', 'when', 'whenIs', 'earliest', 'latest'),
        [
            ('event/2020-nagorno-karabakh-war', '2020 Nagorno-Karabakh war', '2020-09-01/2020-11-10', 'bounds', '2020-09-01', '2020-11-10'),
            ('event/russian-helicopter-shootdown', "Azerbaijan's accidental shootdown of a Russian helicopter", '2020-09-01/2020-11-10', 'bounds', '2020-09-01', '2020-11-10'),
            ('statement/hakopian-claim-2020-11', 'Hakopian claims that Armenia used the Iskander during the war (November 2020)', '2020-11', 'month', '2020-11-01', '2020-11-30'),
            ('event/missile-launch-against-baku', "Armenia's purported missile launch against Baku", '2020-11-09/2020-11-10', 'bounds', '2020-11-09', '2020-11-10'),
            ('agreement/2020-nagorno-karabakh-ceasefire-statement', 'Trilateral ceasefire agreement of 10 November 2020', '2020-11-10', 'day', '', ''),
            ('event/infiltration-attempt-after-ceasefire', 'Infiltration attempt after the ceasefire, followed by the detention of militants', '2020-11-10/2021-04-27', 'bounds', '2020-11-10', '2021-04-27'),
            ('statement/aliyev-free-of-charge', 'Aliyev claims that Armenia acquired Iskanders free of charge from Russia', '2020-11-10/2021-04-27', 'bounds', '2020-11-10', '2021-04-27'),
            ('statement/lachin-allegations', 'Allegations that Armenian soldiers in civilian clothing were deployed through the Lachin Corridor', '2020-11-10/2021-04-27', 'bounds', '2020-11-10', '2021-04-27'),
            ('event/iskander-launch-video-shared-online', 'Video footage shared online reportedly showing Armenian forces launching two Iskander missiles', '2020-11-11/2021-03-31', 'bounds', '2020-11-11', '2021-03-31'),
            ('statement/sarkissian-accusation-2021-02-16', 'Sarkissian accuses Pashinyan of failing to use the Iskanders (16 February 2021)', '2021-02-16', 'day', '', ''),
            ('event/2021-armenian-political-crisis', '2021 Armenian political crisis between Prime Minister Pashinyan and the military leadership', '2021-02-23/..', 'bounds', '2021-02-23', ''),
            ('statement/pashinyan-1in-am-interview-2021-02-23', 'Pashinyan tells 1in.am that the Iskanders are useless 1980s weapons (23 February 2021)', '2021-02-23', 'day', '', ''),
            ('statement/khachatrian-nonsense', "Khachatrian calls Pashinyan's comments on the Iskanders 'nonsense'", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-denial', "Russia's Ministry of Defence denies Pashinyan's assertions about the Iskanders", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-officials-denial', 'Russian defence ministry officials deny the use of any type of Iskander in Nagorno-Karabakh', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-officials-misled', 'Russian defence ministry officials claim that Pashinyan was misled with inaccurate information', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-syria', "Russia's Ministry of Defence claims that Russia successfully used the Iskanders in Syria", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/pashinyan-dismissal-request', 'Pashinyan asks the president to dismiss Khachatrian', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/gasparyan-challenge', "Gasparyan challenges Pashinyan's decision to dismiss Khachatrian", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/gasparyan-incompetence', 'Gasparyan claims that Pashinyan has become incompetent', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/military-figures-challenge', "Several influential military figures challenge Pashinyan's decision to dismiss Khachatrian", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/military-figures-incompetence', 'Several influential military figures claim that Pashinyan has become incompetent', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/pashinyan-call-to-streets', 'Pashinyan calls on his supporters to come out on to the streets of Yerevan and defend the government', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/pashinyan-coup-accusation', 'Pashinyan accuses the military figures of organising a coup', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('event/putin-pashinyan-call-2021-02-25', 'Telephone conversation between Pashinyan and Putin, 25 February 2021', '2021-02-25', 'day', '', ''),
            ('statement/pashinyan-call-inaccurate-information-2021-02-25', 'Pashinyan tells Putin he had received inaccurate information (25 February 2021)', '2021-02-25', 'day', '', ''),
            ('statement/pashinyan-call-retraction-2021-02-25', 'Pashinyan withdraws his Iskander remarks in a call with Putin (25 February 2021)', '2021-02-25', 'day', '', ''),
            ('statement/aliyev-blunder-2021-02-26', "Aliyev calls Pashinyan's claims a public blunder (26 February 2021)", '2021-02-26', 'day', '', ''),
            ('statement/aliyev-doubt-2021-02-26', 'Aliyev says he does not believe Armenia used the Iskanders (26 February 2021)', '2021-02-26', 'day', '', ''),
            ('event/anama-find-shusha-2021-03-15', "ANAMA's reported find of the remains of a 9M723 Iskander-M missile in Shusha, 15 March 2021", '2021-03-15', 'day', '', ''),
            ('event/bulgakov-visit-2021-03-31', 'Russian Deputy Defence Minister Dmitry Bulgakov visits Nagorno-Karabakh, 31 March 2021', '2021-03-31', 'day', '', ''),
            ('statement/anama-report-2021-03-31', 'ANAMA reports traces of Iskander missiles fired on Shusha (31 March 2021)', '2021-03-31', 'day', '', ''),
            ('statement/azerbaijani-media-9m723', 'Azerbaijani media claim that the missiles used were 9M723, not the 9K720-E Armenia received', '2021-03-31/2021-04-27', 'bounds', '2021-03-31', '2021-04-27'),
            ('statement/azerbaijani-media-russia-involved', 'Azerbaijani media claim that Russia was directly involved in the use of the Iskanders', '2021-03-31/2021-04-27', 'bounds', '2021-03-31', '2021-04-27'),
            ('statement/questions-in-azerbaijan-9m723', 'Questions asked in Azerbaijan how 9M723 missiles could have been used against Shusha if Armenia possessed none', '2021-03-31/2021-04-27', 'bounds', '2021-03-31', '2021-04-27'),
            ('statement/peskov-denial-2021-04-02', 'Peskov recalls that Russia-made missiles were not used during the war (2 April 2021)', '2021-04-02', 'day', '', ''),
            ('statement/peskov-unaware-2021-04-02', 'Peskov says the Kremlin is unaware of any report on Iskander fragments (2 April 2021)', '2021-04-02', 'day', '', ''),
            ('event/russian-investigation-iskander-deliveries', "Russian security services' investigation into potential illegal deliveries of Iskander-M missiles to Armenia", '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/baku-article-4-belief', 'Baku believes Russia is not eager to fulfil its responsibilities under article 4', '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/sources-close-investigation', 'Sources close to the Azerbaijani government say Russian security services are investigating potential illegal Iskander-M deliveries to Armenia', '../2021-04-27', 'bounds', '', '2021-04-27'),
        ],
    ),
    'unnamed-sources': (
        ('group', 'statement', 'act', 'factuality', 'proposition'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'act/assertion', 'CT+', 'proposition/9m723-differs-from-armenian-9k720-e'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'act/assertion', 'CT+', 'proposition/9m723-missiles-employed-in-war'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'act/assertion', 'CT+', 'proposition/armenia-received-9k720-e-in-2013'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'act/assertion', 'CT+', 'proposition/russia-directly-involved-in-iskander-use'),
            ('group/influential-military-figures', 'statement/military-figures-challenge', 'act/denial', 'CT-', 'proposition/khachatrian-should-be-dismissed'),
            ('group/influential-military-figures', 'statement/military-figures-incompetence', 'act/assertion', 'CT+', 'proposition/pashinyan-has-become-incompetent'),
            ('group/lachin-allegation-makers', 'statement/lachin-allegations', 'act/accusation', 'CT+', 'proposition/armenian-soldiers-deployed-via-lachin-corridor'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT+', 'proposition/9m723-missiles-used-against-shusha'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT-', 'proposition/armenia-possessed-9m723-missiles'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'Uu', 'proposition/armenia-used-9m723-against-shusha'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-denial', 'act/denial', 'CT-', 'proposition/iskanders-used-in-nagorno-karabakh'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-misled', 'act/assertion', 'CT+', 'proposition/pashinyan-received-inaccurate-information'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'CT+', 'proposition/russian-investigation-into-iskander-m-deliveries'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/delivered-iskander-m-used-in-nagorno-karabakh'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/iskander-m-illegally-delivered-to-armenia'),
        },
    ),
    'use-stance-ledger': (
        ('proposition', 'agent', 'act', 'factuality', 'statement', 'when', 'whenIs'),
        {
            ('proposition/9m723-missiles-employed-in-war', 'group/azerbaijani-media', 'act/assertion', 'CT+', 'statement/azerbaijani-media-9m723', '2021-03-31/2021-04-27', 'bounds'),
            ('proposition/9m723-missiles-employed-in-war', 'person/mahammad-mammadov', 'act/relay', 'Uu', 'statement/author-9m723-supposedly-different', '2021-04-27', 'day'),
            ('proposition/9m723-missiles-used-against-shusha', 'group/questioners-in-azerbaijan', 'act/question', 'CT+', 'statement/questions-in-azerbaijan-9m723', '2021-03-31/2021-04-27', 'bounds'),
            ('proposition/armenia-used-9m723-against-shusha', 'group/questioners-in-azerbaijan', 'act/question', 'Uu', 'statement/questions-in-azerbaijan-9m723', '2021-03-31/2021-04-27', 'bounds'),
            ('proposition/armenia-used-iskanders-early-in-war', 'person/serzh-sarkissian', 'act/accusation', 'CT-', 'statement/sarkissian-accusation-2021-02-16', '2021-02-16', 'day'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/ilham-aliyev', 'act/denial', 'PR-', 'statement/aliyev-doubt-2021-02-26', '2021-02-26', 'day'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/movses-hakopian', 'act/assertion', 'CT+', 'statement/hakopian-claim-2020-11', '2020-11', 'month'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/nikol-pashinyan', 'act/assertion', 'CT-', 'statement/pashinyan-1in-am-interview-2021-02-23', '2021-02-23', 'day'),
            ('proposition/armenian-forces-launched-two-iskanders', 'person/mahammad-mammadov', 'act/relay', 'Uu', 'statement/author-video-reportedly-shows', '2021-04-27', 'day'),
            ('proposition/delivered-iskander-m-used-in-nagorno-karabakh', 'group/sources-close-to-azerbaijani-government', 'act/report', 'PS+', 'statement/sources-close-investigation', '../2021-04-27', 'bounds'),
            ('proposition/iskanders-fired-at-shusha', 'org/anama', 'act/report', 'CT+', 'statement/anama-report-2021-03-31', '2021-03-31', 'day'),
            ('proposition/iskanders-fired-at-shusha', 'person/mahammad-mammadov', 'act/assertion', 'PS+', 'statement/author-possible-use-shusha', '2021-04-27', 'day'),
            ('proposition/iskanders-used-in-nagorno-karabakh', 'group/russian-mod-officials', 'act/denial', 'CT-', 'statement/russian-mod-officials-denial', '2021-02-23/2021-04-27', 'bounds'),
            ('proposition/russia-directly-involved-in-iskander-use', 'group/azerbaijani-media', 'act/assertion', 'CT+', 'statement/azerbaijani-media-russia-involved', '2021-03-31/2021-04-27', 'bounds'),
            ('proposition/russia-made-missiles-used-in-2020-war', 'person/dmitry-peskov', 'act/denial', 'CT-', 'statement/peskov-denial-2021-04-02', '2021-04-02', 'day'),
        },
    ),
    'variant-discrepancy': (
        ('proposition', 'party', 'claimedModel', 'heldBy', 'receipt', 'receivedModel', 'receiptStatus', 'covers'),
        {
            ('proposition/armenia-received-9k720-e-in-2013', 'state/armenia', 'weapon/9k720-e', 'group/azerbaijani-media CT+; person/mahammad-mammadov Uu', 'acquisition/armenia-9k720-e-2013', 'weapon/9k720-e', 'alleged', 'yes'),
            ('proposition/armenia-received-9k720-e-in-2013', 'state/armenia', 'weapon/9k720-e', 'group/azerbaijani-media CT+; person/mahammad-mammadov Uu', 'proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'claimed', 'no'),
            ('proposition/armenia-received-9k720-e-in-2013', 'state/armenia', 'weapon/9k720-e', 'group/azerbaijani-media CT+; person/mahammad-mammadov Uu', 'proposition/iskander-m-illegally-delivered-to-armenia', 'weapon/iskander-m', 'claimed', 'no'),
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'group/questioners-in-azerbaijan Uu', 'acquisition/armenia-9k720-e-2013', 'weapon/9k720-e', 'alleged', 'no'),
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'group/questioners-in-azerbaijan Uu', 'proposition/armenia-received-9k720-e-in-2013', 'weapon/9k720-e', 'claimed', 'no'),
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'group/questioners-in-azerbaijan Uu', 'proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'claimed', 'no'),
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'group/questioners-in-azerbaijan Uu', 'proposition/iskander-m-illegally-delivered-to-armenia', 'weapon/iskander-m', 'claimed', 'yes'),
            ('proposition/iskander-m-illegally-delivered-to-armenia', 'state/armenia', 'weapon/iskander-m', 'group/sources-close-to-azerbaijani-government PS+', 'acquisition/armenia-9k720-e-2013', 'weapon/9k720-e', 'alleged', 'no'),
            ('proposition/iskander-m-illegally-delivered-to-armenia', 'state/armenia', 'weapon/iskander-m', 'group/sources-close-to-azerbaijani-government PS+', 'proposition/armenia-received-9k720-e-in-2013', 'weapon/9k720-e', 'claimed', 'no'),
            ('proposition/iskander-m-illegally-delivered-to-armenia', 'state/armenia', 'weapon/iskander-m', 'group/sources-close-to-azerbaijani-government PS+', 'proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'claimed', 'no'),
        },
    ),
    'weapon-models-by-claim': (
        ('proposition', 'model', 'kind', 'designation', 'family'),
        {
            ('proposition/9m723-differs-from-armenian-9k720-e', 'weapon/9k720-e', 'system', '9K720-E', 'weapon/iskander'),
            ('proposition/9m723-differs-from-armenian-9k720-e', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/9m723-missiles-employed-in-war', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/9m723-missiles-used-against-shusha', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/9m723-remains-found-in-shusha', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/armenia-possessed-9m723-missiles', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/armenia-received-9k720-e-in-2013', 'weapon/9k720-e', 'system', '9K720-E', 'weapon/iskander'),
            ('proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/armenia-used-9m723-against-shusha', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/armenia-used-iskanders-early-in-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/armenian-forces-launched-two-iskanders', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/delivered-iskander-m-used-in-nagorno-karabakh', 'weapon/iskander-m', 'system', '9K720', 'weapon/iskander'),
            ('proposition/early-iskander-use-would-have-prevented-advances', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskander-m-illegally-delivered-to-armenia', 'weapon/iskander-m', 'system', '9K720', 'weapon/iskander'),
            ('proposition/iskander-useless-1980s-weapon', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-fired-at-shusha', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-used-in-2020-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-used-in-nagorno-karabakh', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-used-successfully-in-syria', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-would-not-have-been-effective', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/pashinyan-decided-not-to-use-iskanders-in-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/pashinyan-failed-to-use-iskanders-early-in-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/russia-directly-involved-in-iskander-use', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/russian-investigation-into-iskander-m-deliveries', 'weapon/iskander-m', 'system', '9K720', 'weapon/iskander'),
        },
    ),
    'weapon-variants': (
        ('model', 'relation', 'other', 'basis'),
        {
            ('weapon/9k720-e', 'kg:variantOf', 'weapon/iskander', 'inferred'),
            ('weapon/9k720-e', 'kg:variantOf', 'weapon/iskander-e', 'interpretation'),
            ('weapon/9m723', 'kg:missileOf', 'weapon/iskander-m', 'article'),
            ('weapon/iskander', 'kg:originState', 'state/russia', 'article'),
            ('weapon/iskander-e', 'kg:exportVersionOf', 'weapon/iskander-m', 'outside'),
            ('weapon/iskander-e', 'kg:variantOf', 'weapon/iskander', 'outside'),
            ('weapon/iskander-m', 'kg:variantOf', 'weapon/iskander', 'article'),
        },
    ),
    'who-affirmed-use': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-9m723', 'act/assertion', 'CT+', 'proposition/9m723-missiles-employed-in-war', '2021-03-31/2021-04-27', 'bounds'),
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'act/assertion', 'CT+', 'proposition/russia-directly-involved-in-iskander-use', '2021-03-31/2021-04-27', 'bounds'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT+', 'proposition/9m723-missiles-used-against-shusha', '2021-03-31/2021-04-27', 'bounds'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'act/report', 'CT+', 'proposition/iskanders-fired-at-shusha', '2021-03-31', 'day'),
            ('person/movses-hakopian', 'statement/hakopian-claim-2020-11', 'act/assertion', 'CT+', 'proposition/armenia-used-iskanders-in-2020-war', '2020-11', 'month'),
        },
    ),
    'who-denied-use': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/russian-mod-officials', 'statement/russian-mod-officials-denial', 'act/denial', 'CT-', 'proposition/iskanders-used-in-nagorno-karabakh', '2021-02-23/2021-04-27', 'bounds'),
            ('person/dmitry-peskov', 'statement/peskov-denial-2021-04-02', 'act/denial', 'CT-', 'proposition/russia-made-missiles-used-in-2020-war', '2021-04-02', 'day'),
            ('person/ilham-aliyev', 'statement/aliyev-doubt-2021-02-26', 'act/denial', 'PR-', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-26', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'act/assertion', 'CT-', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-23', 'day'),
            ('person/serzh-sarkissian', 'statement/sarkissian-accusation-2021-02-16', 'act/accusation', 'CT-', 'proposition/armenia-used-iskanders-early-in-war', '2021-02-16', 'day'),
        },
    ),
}

# What changes when the interpretations and the facts from outside the article are left out (--article-only); every
# other query answers the same.
EXPECTED_ARTICLE_ONLY: dict[str, tuple[tuple[str, ...], set | list]] = {
    'acquisitions': (
        ('acquisition', 'recipient', 'supplier', 'model', 'year', 'status', 'reportedIn'),
        {
            ('acquisition/armenia-9k720-e-2013', 'state/armenia', 'state/russia', 'weapon/9k720-e', '2013', 'alleged', 'statement/author-9m723-supposedly-different'),
        },
    ),
    'author-analysis': (
        ('statement', 'act', 'factuality', 'proposition'),
        {
            ('statement/author-9m723-supposedly-different', 'act/relay', 'Uu', 'proposition/9m723-differs-from-armenian-9k720-e'),
            ('statement/author-9m723-supposedly-different', 'act/relay', 'Uu', 'proposition/9m723-missiles-employed-in-war'),
            ('statement/author-9m723-supposedly-different', 'act/relay', 'Uu', 'proposition/armenia-received-9k720-e-in-2013'),
            ('statement/author-aliyev-denounced', 'act/assertion', 'CT+', 'proposition/aliyev-repeatedly-denounced-russian-military-support'),
            ('statement/author-anama-turning-point', 'act/assertion', 'CT+', 'proposition/anama-report-turning-point-for-baku'),
            ('statement/author-angered-moscow', 'act/assertion', 'CT+', 'proposition/pashinyan-remarks-angered-moscow'),
            ('statement/author-azerbaijan-more-time', 'act/assertion', 'CT+', 'proposition/azerbaijan-had-more-time-to-work-out-position'),
            ('statement/author-azerbaijani-unease', 'act/assertion', 'CT+', 'proposition/russian-unwillingness-increased-azerbaijani-unease'),
            ('statement/author-azerbaijani-unease', 'act/assertion', 'PR+', 'proposition/russia-unwilling-to-help-baku'),
            ('statement/author-baku-grievances', 'act/assertion', 'CT+', 'proposition/baku-hopes-to-signal-grievances-against-russia'),
            ('statement/author-baku-narrative', 'act/assertion', 'CT+', 'proposition/baku-built-grievance-narrative'),
            ('statement/author-baku-narrative', 'act/assertion', 'PR+', 'proposition/baku-would-build-grievance-narrative'),
            ('statement/author-baku-tone', 'act/assertion', 'PS+', 'proposition/baku-tone-change-due-to-peacekeeping-dissatisfaction'),
            ('statement/author-comments-controversy', 'act/assertion', 'CT+', 'proposition/pashinyan-comments-met-with-controversy'),
            ('statement/author-comments-relations-russia', 'act/assertion', 'PS+', 'proposition/pashinyan-comments-affected-relations-with-russia'),
            ('statement/author-hypothetical-advances', 'act/assertion', 'PS+', 'proposition/early-iskander-use-would-have-prevented-advances'),
            ('statement/author-investigation-supposedly-launched', 'act/relay', 'Uu', 'proposition/russian-investigation-into-iskander-m-deliveries'),
            ('statement/author-issue-effects', 'act/assertion', 'CT+', 'proposition/iskander-issue-opportunity-for-azerbaijan'),
            ('statement/author-issue-effects', 'act/assertion', 'CT+', 'proposition/iskander-issue-polarised-armenia'),
            ('statement/author-issue-effects', 'act/assertion', 'CT+', 'proposition/iskander-issue-triggered-harsh-russian-rhetoric'),
            ('statement/author-manoeuvres-haunt-agreement', 'act/assertion', 'PR+', 'proposition/late-war-manoeuvres-will-haunt-agreement'),
            ('statement/author-margin-of-error', 'act/assertion', 'CT+', 'proposition/armenia-has-domestic-issues-and-relies-on-russia'),
            ('statement/author-margin-of-error', 'act/assertion', 'CT+', 'proposition/azerbaijan-wider-margin-of-error'),
            ('statement/author-military-opposition', 'act/assertion', 'CT+', 'proposition/pashinyan-faced-unprecedented-military-opposition'),
            ('statement/author-national-prominence', 'act/assertion', 'CT+', 'proposition/iskander-issue-rose-to-national-prominence'),
            ('statement/author-possible-use-shusha', 'act/assertion', 'PS+', 'proposition/iskanders-fired-at-shusha'),
            ('statement/author-pressure', 'act/assertion', 'CT+', 'proposition/pashinyan-faced-domestic-and-external-pressure'),
            ('statement/author-purported-launch-baku', 'act/relay', 'Uu', 'proposition/armenia-launched-missile-against-baku'),
            ('statement/author-reputation-damage', 'act/assertion', 'CT+', 'proposition/pashinyan-decided-not-to-use-iskanders-in-war'),
            ('statement/author-reputation-damage', 'act/assertion', 'CT+', 'proposition/pashinyan-remarks-threatened-russian-arms-reputation'),
            ('statement/author-russian-ties', 'act/assertion', 'PR+', 'proposition/russian-officials-strengthened-ties-with-karabakh-authorities'),
            ('statement/author-shusha-questions', 'act/assertion', 'CT+', 'proposition/shusha-use-raised-questions-of-responsibility'),
            ('statement/author-stable-system', 'act/assertion', 'CT+', 'proposition/baku-stable-system-and-wider-security-links'),
            ('statement/author-strengthen-hand', 'act/assertion', 'PS+', 'proposition/baku-wants-to-use-dispute-to-strengthen-hand'),
            ('statement/author-two-arenas', 'act/assertion', 'CT+', 'proposition/leaders-used-iskander-topic-in-two-arenas'),
            ('statement/author-uncertainty', 'act/assertion', 'PS+', 'proposition/iskander-issues-will-increase-uncertainty'),
            ('statement/author-video-credibility', 'act/assertion', 'CT+', 'proposition/anama-evidence-strengthened-video-credibility'),
            ('statement/author-video-reportedly-shows', 'act/relay', 'Uu', 'proposition/armenian-forces-launched-two-iskanders'),
        },
    ),
    'contested-propositions': (
        ('proposition', 'label'),
        {
            ('proposition/armenia-used-iskanders-in-2020-war', 'Armenia used Iskander missiles during the 2020 war'),
            ('proposition/iskander-useless-1980s-weapon', 'The Iskander missiles are useless weapons from the 1980s'),
            ('proposition/iskanders-used-in-2020-war', 'Iskander missiles were used in the 2020 Nagorno-Karabakh war'),
            ('proposition/iskanders-used-in-nagorno-karabakh', 'Iskander missiles were used in Nagorno-Karabakh'),
            ('proposition/iskanders-would-not-have-been-effective', 'Even if used against Azerbaijan, the Iskander missiles would not have been very effective'),
            ('proposition/russia-directly-involved-in-iskander-use', 'Russia was directly involved in the use of the Iskander missiles in Karabakh'),
            ('proposition/russia-made-missiles-used-in-2020-war', 'Russia-made missiles were used during the 2020 Nagorno-Karabakh war'),
        },
    ),
    'interpretations': (
        ('interpretation', 'confidence', 'adds', 'rationale'),
        set(),
    ),
    'official-voices': (
        ('state', 'agent'),
        {
            ('state/armenia', 'person/nikol-pashinyan'),
            ('state/azerbaijan', 'person/ilham-aliyev'),
            ('state/russia', 'person/dmitry-peskov'),
            ('state/russia', 'person/vladimir-putin'),
        },
    ),
    'positions-held': (
        ('person', 'position', 'status', 'asOf', 'asOfWhen', 'in', 'office', 'rank'),
        {
            ('person/dmitry-bulgakov', 'position/dmitry-bulgakov-deputy-defence-minister', 'holder', 'event/bulgakov-visit-2021-03-31', '2021-03-31', 'org/russian-ministry-of-defence', '', ''),
            ('person/dmitry-peskov', 'position/dmitry-peskov-presidential-spokesperson', 'holder', 'statement/peskov-unaware-2021-04-02', '2021-04-02', 'org/kremlin', '', ''),
            ('person/ilham-aliyev', 'position/ilham-aliyev-president', 'holder', 'statement/aliyev-doubt-2021-02-26', '2021-02-26', 'state/azerbaijan', 'office/president-of-azerbaijan', ''),
            ('person/mahammad-mammadov', 'position/mahammad-mammadov-research-fellow', 'holder', 'source/nee-2021-04-27-schrodingers-iskanders', '2021-04-27', 'org/topchubashov-center', '', ''),
            ('person/movses-hakopian', 'position/movses-hakopian-chief-military-inspector', 'former holder', 'source/nee-2021-04-27-schrodingers-iskanders', '2021-04-27', 'org/armenian-armed-forces', '', ''),
            ('person/nikol-pashinyan', 'position/nikol-pashinyan-prime-minister', 'holder', 'statement/sarkissian-accusation-2021-02-16', '2021-02-16', 'state/armenia', 'office/prime-minister-of-armenia', ''),
            ('person/onik-gasparyan', 'position/onik-gasparyan-chief-of-general-staff', 'holder', 'statement/gasparyan-challenge', '../2021-04-27', 'org/armenian-general-staff', '', 'Colonel-General'),
            ('person/serzh-sarkissian', 'position/serzh-sarkissian-former-president', 'former holder', 'statement/sarkissian-accusation-2021-02-16', '2021-02-16', 'state/armenia', '', ''),
            ('person/tiran-khachatrian', 'position/tiran-khachatrian-deputy-chief-of-general-staff', 'holder', 'statement/pashinyan-dismissal-request', '../2021-04-27', 'org/armenian-general-staff', '', 'Lieutenant General'),
            ('person/vladimir-putin', 'position/vladimir-putin-president', 'holder', 'agreement/2020-nagorno-karabakh-ceasefire-statement', '2020-11-10', 'state/russia', 'office/president-of-russia', ''),
        },
    ),
    'response-chains': (
        ('statement', 'agent', 'respondsTo', 'earlierAgent'),
        {
            ('statement/gasparyan-challenge', 'person/onik-gasparyan', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/gasparyan-incompetence', 'person/onik-gasparyan', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/khachatrian-nonsense', 'person/tiran-khachatrian', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/military-figures-challenge', 'group/influential-military-figures', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/military-figures-incompetence', 'group/influential-military-figures', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
            ('statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan', 'statement/sarkissian-accusation-2021-02-16', 'person/serzh-sarkissian'),
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/gasparyan-challenge', 'person/onik-gasparyan'),
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/gasparyan-incompetence', 'person/onik-gasparyan'),
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/military-figures-challenge', 'group/influential-military-figures'),
            ('statement/pashinyan-call-to-streets', 'person/nikol-pashinyan', 'statement/military-figures-incompetence', 'group/influential-military-figures'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/gasparyan-challenge', 'person/onik-gasparyan'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/gasparyan-incompetence', 'person/onik-gasparyan'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/military-figures-challenge', 'group/influential-military-figures'),
            ('statement/pashinyan-coup-accusation', 'person/nikol-pashinyan', 'statement/military-figures-incompetence', 'group/influential-military-figures'),
            ('statement/russian-mod-denial', 'org/russian-ministry-of-defence', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/russian-mod-officials-denial', 'group/russian-mod-officials', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/russian-mod-officials-misled', 'group/russian-mod-officials', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
            ('statement/russian-mod-syria', 'org/russian-ministry-of-defence', 'statement/pashinyan-1in-am-interview-2021-02-23', 'person/nikol-pashinyan'),
        },
    ),
    'stance-changes': (
        ('state', 'earlier', 'earlierFactuality', 'earlierWhen', 'later', 'laterAct', 'laterFactuality', 'laterWhen', 'proposition'),
        set(),
    ),
    'statements-armenian-side': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/influential-military-figures', 'statement/military-figures-challenge', 'act/denial', 'CT-', 'proposition/khachatrian-should-be-dismissed', '../2021-04-27', 'bounds'),
            ('group/influential-military-figures', 'statement/military-figures-incompetence', 'act/assertion', 'CT+', 'proposition/pashinyan-has-become-incompetent', '../2021-04-27', 'bounds'),
            ('person/movses-hakopian', 'statement/hakopian-claim-2020-11', 'act/assertion', 'CT+', 'proposition/armenia-used-iskanders-in-2020-war', '2020-11', 'month'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'act/assertion', 'CT+', 'proposition/iskander-useless-1980s-weapon', '2021-02-23', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'act/assertion', 'CT+', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-1in-am-interview-2021-02-23', 'act/assertion', 'CT-', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-23', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-inaccurate-information-2021-02-25', 'act/assertion', 'CT+', 'proposition/pashinyan-received-inaccurate-information', '2021-02-25', 'day'),
            ('person/nikol-pashinyan', 'statement/pashinyan-call-to-streets', 'act/request', 'CT+', 'proposition/supporters-should-defend-government-in-yerevan', '../2021-04-27', 'bounds'),
            ('person/nikol-pashinyan', 'statement/pashinyan-coup-accusation', 'act/accusation', 'CT+', 'proposition/military-leaders-organising-coup', '../2021-04-27', 'bounds'),
            ('person/nikol-pashinyan', 'statement/pashinyan-dismissal-request', 'act/request', 'CT+', 'proposition/khachatrian-should-be-dismissed', '../2021-04-27', 'bounds'),
            ('person/onik-gasparyan', 'statement/gasparyan-challenge', 'act/denial', 'CT-', 'proposition/khachatrian-should-be-dismissed', '../2021-04-27', 'bounds'),
            ('person/onik-gasparyan', 'statement/gasparyan-incompetence', 'act/assertion', 'CT+', 'proposition/pashinyan-has-become-incompetent', '../2021-04-27', 'bounds'),
            ('person/serzh-sarkissian', 'statement/sarkissian-accusation-2021-02-16', 'act/accusation', 'CT+', 'proposition/pashinyan-failed-to-use-iskanders-early-in-war', '2021-02-16', 'day'),
            ('person/serzh-sarkissian', 'statement/sarkissian-accusation-2021-02-16', 'act/accusation', 'CT-', 'proposition/armenia-used-iskanders-early-in-war', '2021-02-16', 'day'),
            ('person/tiran-khachatrian', 'statement/khachatrian-nonsense', 'act/denial', 'CT-', 'proposition/iskander-useless-1980s-weapon', '2021-02-23/2021-04-27', 'bounds'),
            ('person/tiran-khachatrian', 'statement/khachatrian-nonsense', 'act/denial', 'CT-', 'proposition/iskanders-would-not-have-been-effective', '2021-02-23/2021-04-27', 'bounds'),
        },
    ),
    'statements-azerbaijani-side': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'act/assertion', 'CT+', 'proposition/russia-directly-involved-in-iskander-use', '2021-03-31/2021-04-27', 'bounds'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT+', 'proposition/9m723-missiles-used-against-shusha', '2021-03-31/2021-04-27', 'bounds'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT-', 'proposition/armenia-possessed-9m723-missiles', '2021-03-31/2021-04-27', 'bounds'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'Uu', 'proposition/armenia-used-9m723-against-shusha', '2021-03-31/2021-04-27', 'bounds'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'CT+', 'proposition/russian-investigation-into-iskander-m-deliveries', '../2021-04-27', 'bounds'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/delivered-iskander-m-used-in-nagorno-karabakh', '../2021-04-27', 'bounds'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/iskander-m-illegally-delivered-to-armenia', '../2021-04-27', 'bounds'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'act/report', 'CT+', 'proposition/9m723-remains-found-in-shusha', '2021-03-31', 'day'),
            ('org/anama', 'statement/anama-report-2021-03-31', 'act/report', 'CT+', 'proposition/iskanders-fired-at-shusha', '2021-03-31', 'day'),
            ('person/ilham-aliyev', 'statement/aliyev-blunder-2021-02-26', 'act/assertion', 'CT+', 'proposition/pashinyan-iskander-claims-public-blunder', '2021-02-26', 'day'),
            ('person/ilham-aliyev', 'statement/aliyev-doubt-2021-02-26', 'act/denial', 'PR-', 'proposition/armenia-used-iskanders-in-2020-war', '2021-02-26', 'day'),
            ('person/ilham-aliyev', 'statement/aliyev-free-of-charge', 'act/accusation', 'CT+', 'proposition/armenia-received-iskanders-free-of-charge', '2020-11-10/2021-04-27', 'bounds'),
            ('state/azerbaijan', 'statement/baku-article-4-belief', 'act/attributed-belief', 'PR+', 'proposition/russia-not-eager-to-fulfil-article-4', '../2021-04-27', 'bounds'),
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
            ('arena/domestic', 'statement/pashinyan-call-to-streets', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/pashinyan-coup-accusation', 'person/nikol-pashinyan'),
            ('arena/domestic', 'statement/pashinyan-dismissal-request', 'person/nikol-pashinyan'),
        },
    ),
    'timeline': (
        ('item', 'label', 'when', 'whenIs', 'earliest', 'latest'),
        [
            ('event/2020-nagorno-karabakh-war', '2020 Nagorno-Karabakh war', '2020-09-01/2020-11-10', 'bounds', '2020-09-01', '2020-11-10'),
            ('event/russian-helicopter-shootdown', "Azerbaijan's accidental shootdown of a Russian helicopter", '2020-09-01/2020-11-10', 'bounds', '2020-09-01', '2020-11-10'),
            ('statement/hakopian-claim-2020-11', 'Hakopian claims that Armenia used the Iskander during the war (November 2020)', '2020-11', 'month', '2020-11-01', '2020-11-30'),
            ('event/missile-launch-against-baku', "Armenia's purported missile launch against Baku", '2020-11-09/2020-11-10', 'bounds', '2020-11-09', '2020-11-10'),
            ('agreement/2020-nagorno-karabakh-ceasefire-statement', 'Trilateral ceasefire agreement of 10 November 2020', '2020-11-10', 'day', '', ''),
            ('event/infiltration-attempt-after-ceasefire', 'Infiltration attempt after the ceasefire, followed by the detention of militants', '2020-11-10/2021-04-27', 'bounds', '2020-11-10', '2021-04-27'),
            ('statement/aliyev-free-of-charge', 'Aliyev claims that Armenia acquired Iskanders free of charge from Russia', '2020-11-10/2021-04-27', 'bounds', '2020-11-10', '2021-04-27'),
            ('statement/lachin-allegations', 'Allegations that Armenian soldiers in civilian clothing were deployed through the Lachin Corridor', '2020-11-10/2021-04-27', 'bounds', '2020-11-10', '2021-04-27'),
            ('event/iskander-launch-video-shared-online', 'Video footage shared online reportedly showing Armenian forces launching two Iskander missiles', '2020-11-11/2021-03-31', 'bounds', '2020-11-11', '2021-03-31'),
            ('statement/sarkissian-accusation-2021-02-16', 'Sarkissian accuses Pashinyan of failing to use the Iskanders (16 February 2021)', '2021-02-16', 'day', '', ''),
            ('statement/pashinyan-1in-am-interview-2021-02-23', 'Pashinyan tells 1in.am that the Iskanders are useless 1980s weapons (23 February 2021)', '2021-02-23', 'day', '', ''),
            ('statement/khachatrian-nonsense', "Khachatrian calls Pashinyan's comments on the Iskanders 'nonsense'", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-denial', "Russia's Ministry of Defence denies Pashinyan's assertions about the Iskanders", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-officials-denial', 'Russian defence ministry officials deny the use of any type of Iskander in Nagorno-Karabakh', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-officials-misled', 'Russian defence ministry officials claim that Pashinyan was misled with inaccurate information', '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('statement/russian-mod-syria', "Russia's Ministry of Defence claims that Russia successfully used the Iskanders in Syria", '2021-02-23/2021-04-27', 'bounds', '2021-02-23', '2021-04-27'),
            ('event/putin-pashinyan-call-2021-02-25', 'Telephone conversation between Pashinyan and Putin, 25 February 2021', '2021-02-25', 'day', '', ''),
            ('statement/pashinyan-call-inaccurate-information-2021-02-25', 'Pashinyan tells Putin he had received inaccurate information (25 February 2021)', '2021-02-25', 'day', '', ''),
            ('statement/aliyev-blunder-2021-02-26', "Aliyev calls Pashinyan's claims a public blunder (26 February 2021)", '2021-02-26', 'day', '', ''),
            ('statement/aliyev-doubt-2021-02-26', 'Aliyev says he does not believe Armenia used the Iskanders (26 February 2021)', '2021-02-26', 'day', '', ''),
            ('event/anama-find-shusha-2021-03-15', "ANAMA's reported find of the remains of a 9M723 Iskander-M missile in Shusha, 15 March 2021", '2021-03-15', 'day', '', ''),
            ('event/bulgakov-visit-2021-03-31', 'Russian Deputy Defence Minister Dmitry Bulgakov visits Nagorno-Karabakh, 31 March 2021', '2021-03-31', 'day', '', ''),
            ('statement/anama-report-2021-03-31', 'ANAMA reports traces of Iskander missiles fired on Shusha (31 March 2021)', '2021-03-31', 'day', '', ''),
            ('statement/azerbaijani-media-russia-involved', 'Azerbaijani media claim that Russia was directly involved in the use of the Iskanders', '2021-03-31/2021-04-27', 'bounds', '2021-03-31', '2021-04-27'),
            ('statement/questions-in-azerbaijan-9m723', 'Questions asked in Azerbaijan how 9M723 missiles could have been used against Shusha if Armenia possessed none', '2021-03-31/2021-04-27', 'bounds', '2021-03-31', '2021-04-27'),
            ('statement/peskov-denial-2021-04-02', 'Peskov recalls that Russia-made missiles were not used during the war (2 April 2021)', '2021-04-02', 'day', '', ''),
            ('statement/peskov-unaware-2021-04-02', 'Peskov says the Kremlin is unaware of any report on Iskander fragments (2 April 2021)', '2021-04-02', 'day', '', ''),
            ('event/russian-investigation-iskander-deliveries', "Russian security services' investigation into potential illegal deliveries of Iskander-M missiles to Armenia", '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/baku-article-4-belief', 'Baku believes Russia is not eager to fulfil its responsibilities under article 4', '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/pashinyan-dismissal-request', 'Pashinyan asks the president to dismiss Khachatrian', '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/sources-close-investigation', 'Sources close to the Azerbaijani government say Russian security services are investigating potential illegal Iskander-M deliveries to Armenia', '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/gasparyan-challenge', "Gasparyan challenges Pashinyan's decision to dismiss Khachatrian", '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/gasparyan-incompetence', 'Gasparyan claims that Pashinyan has become incompetent', '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/military-figures-challenge', "Several influential military figures challenge Pashinyan's decision to dismiss Khachatrian", '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/military-figures-incompetence', 'Several influential military figures claim that Pashinyan has become incompetent', '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/pashinyan-call-to-streets', 'Pashinyan calls on his supporters to come out on to the streets of Yerevan and defend the government', '../2021-04-27', 'bounds', '', '2021-04-27'),
            ('statement/pashinyan-coup-accusation', 'Pashinyan accuses the military figures of organising a coup', '../2021-04-27', 'bounds', '', '2021-04-27'),
        ],
    ),
    'unnamed-sources': (
        ('group', 'statement', 'act', 'factuality', 'proposition'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'act/assertion', 'CT+', 'proposition/russia-directly-involved-in-iskander-use'),
            ('group/influential-military-figures', 'statement/military-figures-challenge', 'act/denial', 'CT-', 'proposition/khachatrian-should-be-dismissed'),
            ('group/influential-military-figures', 'statement/military-figures-incompetence', 'act/assertion', 'CT+', 'proposition/pashinyan-has-become-incompetent'),
            ('group/lachin-allegation-makers', 'statement/lachin-allegations', 'act/accusation', 'CT+', 'proposition/armenian-soldiers-deployed-via-lachin-corridor'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT+', 'proposition/9m723-missiles-used-against-shusha'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'CT-', 'proposition/armenia-possessed-9m723-missiles'),
            ('group/questioners-in-azerbaijan', 'statement/questions-in-azerbaijan-9m723', 'act/question', 'Uu', 'proposition/armenia-used-9m723-against-shusha'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-denial', 'act/denial', 'CT-', 'proposition/iskanders-used-in-nagorno-karabakh'),
            ('group/russian-mod-officials', 'statement/russian-mod-officials-misled', 'act/assertion', 'CT+', 'proposition/pashinyan-received-inaccurate-information'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'CT+', 'proposition/russian-investigation-into-iskander-m-deliveries'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/delivered-iskander-m-used-in-nagorno-karabakh'),
            ('group/sources-close-to-azerbaijani-government', 'statement/sources-close-investigation', 'act/report', 'PS+', 'proposition/iskander-m-illegally-delivered-to-armenia'),
        },
    ),
    'use-stance-ledger': (
        ('proposition', 'agent', 'act', 'factuality', 'statement', 'when', 'whenIs'),
        {
            ('proposition/9m723-missiles-employed-in-war', 'person/mahammad-mammadov', 'act/relay', 'Uu', 'statement/author-9m723-supposedly-different', '2021-04-27', 'day'),
            ('proposition/armenia-used-9m723-against-shusha', 'group/questioners-in-azerbaijan', 'act/question', 'Uu', 'statement/questions-in-azerbaijan-9m723', '2021-03-31/2021-04-27', 'bounds'),
            ('proposition/armenia-used-iskanders-early-in-war', 'person/serzh-sarkissian', 'act/accusation', 'CT-', 'statement/sarkissian-accusation-2021-02-16', '2021-02-16', 'day'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/ilham-aliyev', 'act/denial', 'PR-', 'statement/aliyev-doubt-2021-02-26', '2021-02-26', 'day'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/movses-hakopian', 'act/assertion', 'CT+', 'statement/hakopian-claim-2020-11', '2020-11', 'month'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'person/nikol-pashinyan', 'act/assertion', 'CT-', 'statement/pashinyan-1in-am-interview-2021-02-23', '2021-02-23', 'day'),
            ('proposition/delivered-iskander-m-used-in-nagorno-karabakh', 'group/sources-close-to-azerbaijani-government', 'act/report', 'PS+', 'statement/sources-close-investigation', '../2021-04-27', 'bounds'),
            ('proposition/iskanders-used-in-nagorno-karabakh', 'group/russian-mod-officials', 'act/denial', 'CT-', 'statement/russian-mod-officials-denial', '2021-02-23/2021-04-27', 'bounds'),
            ('proposition/russia-directly-involved-in-iskander-use', 'group/azerbaijani-media', 'act/assertion', 'CT+', 'statement/azerbaijani-media-russia-involved', '2021-03-31/2021-04-27', 'bounds'),
            ('proposition/russia-made-missiles-used-in-2020-war', 'person/dmitry-peskov', 'act/denial', 'CT-', 'statement/peskov-denial-2021-04-02', '2021-04-02', 'day'),
        },
    ),
    'variant-discrepancy': (
        ('proposition', 'party', 'claimedModel', 'heldBy', 'receipt', 'receivedModel', 'receiptStatus', 'covers'),
        {
            ('proposition/armenia-received-9k720-e-in-2013', 'state/armenia', 'weapon/9k720-e', 'person/mahammad-mammadov Uu', 'acquisition/armenia-9k720-e-2013', 'weapon/9k720-e', 'alleged', 'yes'),
            ('proposition/armenia-received-9k720-e-in-2013', 'state/armenia', 'weapon/9k720-e', 'person/mahammad-mammadov Uu', 'proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'claimed', 'no'),
            ('proposition/armenia-received-9k720-e-in-2013', 'state/armenia', 'weapon/9k720-e', 'person/mahammad-mammadov Uu', 'proposition/iskander-m-illegally-delivered-to-armenia', 'weapon/iskander-m', 'claimed', 'no'),
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'group/questioners-in-azerbaijan Uu', 'acquisition/armenia-9k720-e-2013', 'weapon/9k720-e', 'alleged', 'no'),
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'group/questioners-in-azerbaijan Uu', 'proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'claimed', 'no'),
            ('proposition/armenia-used-9m723-against-shusha', 'state/armenia', 'weapon/9m723', 'group/questioners-in-azerbaijan Uu', 'proposition/iskander-m-illegally-delivered-to-armenia', 'weapon/iskander-m', 'claimed', 'yes'),
            ('proposition/iskander-m-illegally-delivered-to-armenia', 'state/armenia', 'weapon/iskander-m', 'group/sources-close-to-azerbaijani-government PS+', 'acquisition/armenia-9k720-e-2013', 'weapon/9k720-e', 'alleged', 'no'),
            ('proposition/iskander-m-illegally-delivered-to-armenia', 'state/armenia', 'weapon/iskander-m', 'group/sources-close-to-azerbaijani-government PS+', 'proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'claimed', 'no'),
        },
    ),
    'weapon-models-by-claim': (
        ('proposition', 'model', 'kind', 'designation', 'family'),
        {
            ('proposition/9m723-differs-from-armenian-9k720-e', 'weapon/9k720-e', 'unclassified', '9K720-E', ''),
            ('proposition/9m723-differs-from-armenian-9k720-e', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/9m723-missiles-employed-in-war', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/9m723-missiles-used-against-shusha', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/9m723-remains-found-in-shusha', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/armenia-possessed-9m723-missiles', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/armenia-received-9k720-e-in-2013', 'weapon/9k720-e', 'unclassified', '9K720-E', ''),
            ('proposition/armenia-received-iskanders-free-of-charge', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/armenia-used-9m723-against-shusha', 'weapon/9m723', 'missile', '9M723', 'weapon/iskander'),
            ('proposition/armenia-used-iskanders-early-in-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/armenia-used-iskanders-in-2020-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/armenian-forces-launched-two-iskanders', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/delivered-iskander-m-used-in-nagorno-karabakh', 'weapon/iskander-m', 'system', '', 'weapon/iskander'),
            ('proposition/early-iskander-use-would-have-prevented-advances', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskander-m-illegally-delivered-to-armenia', 'weapon/iskander-m', 'system', '', 'weapon/iskander'),
            ('proposition/iskander-useless-1980s-weapon', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-fired-at-shusha', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-used-in-2020-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-used-in-nagorno-karabakh', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-used-successfully-in-syria', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/iskanders-would-not-have-been-effective', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/pashinyan-decided-not-to-use-iskanders-in-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/pashinyan-failed-to-use-iskanders-early-in-war', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/russia-directly-involved-in-iskander-use', 'weapon/iskander', 'system', '', 'weapon/iskander'),
            ('proposition/russian-investigation-into-iskander-m-deliveries', 'weapon/iskander-m', 'system', '', 'weapon/iskander'),
        },
    ),
    'weapon-variants': (
        ('model', 'relation', 'other', 'basis'),
        {
            ('weapon/9m723', 'kg:missileOf', 'weapon/iskander-m', 'article'),
            ('weapon/iskander', 'kg:originState', 'state/russia', 'article'),
            ('weapon/iskander-m', 'kg:variantOf', 'weapon/iskander', 'article'),
        },
    ),
    'who-affirmed-use': (
        ('agent', 'statement', 'act', 'factuality', 'proposition', 'when', 'whenIs'),
        {
            ('group/azerbaijani-media', 'statement/azerbaijani-media-russia-involved', 'act/assertion', 'CT+', 'proposition/russia-directly-involved-in-iskander-use', '2021-03-31/2021-04-27', 'bounds'),
            ('person/movses-hakopian', 'statement/hakopian-claim-2020-11', 'act/assertion', 'CT+', 'proposition/armenia-used-iskanders-in-2020-war', '2020-11', 'month'),
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


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_rows_on_the_article_alone(name):
    columns, expected = EXPECTED_ARTICLE_ONLY.get(name, EXPECTED[name])
    assert rows_of(name, columns, "article-only") == expected


@pytest.mark.parametrize("name", CONTENT_QUERIES)
def test_query_header_says_whether_interpretations_change_the_answer(name):
    """The header is a promise: 'none of the answer rests on an interpretation' must hold, and so must its opposite."""
    lines = query_path(name).read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[:8] if line.startswith("#")]
    assert header[0].startswith("# title: ")
    assert any(line.startswith("# question: ") for line in header)
    assert any(line.startswith("# expected use: ") for line in header)
    [interpretations] = [line for line in header if line.startswith("# interpretations: ")]
    assert "PREFIX kg: <https://w3id.org/kgraph/ontology#>" in lines
    assert (name in EXPECTED_ARTICLE_ONLY) == (
        "none of the answer rests on an interpretation or on a fact from outside the article" not in interpretations)


def test_schrodinger_state_of_use():
    """The use of Iskanders is both held true and held false: the affair's 'Schrödinger' state."""
    contested = {row["proposition"] for row in run_query("contested-propositions", "article-only")}
    assert ID + "proposition/iskanders-used-in-2020-war" in contested
    assert ID + "proposition/armenia-used-iskanders-in-2020-war" in contested


def test_sarkissian_is_not_the_sitting_president():
    positions = run_query("positions-held")
    sarkissian = [row for row in positions if row["person"] == ID + "person/serzh-sarkissian"]
    assert [row["status"] for row in sarkissian] == ["former holder"]
    assert all("office" not in row for row in sarkissian)
    assert not any(row.get("office") == ID + "office/president-of-armenia" for row in positions)


def test_the_questions_asked_in_azerbaijan_take_the_use_for_granted():
    """The question asks who could have fired the 9M723s, not whether they were fired: no denial of use, an implied
    claim of use."""
    question = ID + "statement/questions-in-azerbaijan-9m723"
    assert question not in {row["statement"] for row in run_query("who-denied-use")}
    affirmed = {(row["statement"], row["proposition"]) for row in run_query("who-affirmed-use")}
    assert (question, ID + "proposition/9m723-missiles-used-against-shusha") in affirmed
    # in the article alone a firing at Shusha is not yet a use in the war: the question still takes the firing for granted
    ledger = {(row["statement"], row["proposition"], row["factuality"]) for row in run_query("use-stance-ledger", "article-only")}
    assert (question, ID + "proposition/armenia-used-9m723-against-shusha", "Uu") in ledger


def test_dates_say_whether_they_are_exact_or_bounds():
    for row in run_query("use-stance-ledger"):
        pattern = {"day": r"\d{4}-\d\d-\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}",
                   "bounds": r"(\d{4}-\d\d-\d\d|\.\.)/(\d{4}-\d\d-\d\d|\.\.)"}[row["whenIs"]]
        assert re.fullmatch(pattern, row["when"]), row
    aliyev = [row for row in run_query("statements-azerbaijani-side")
              if row["statement"] == ID + "statement/aliyev-free-of-charge"]
    assert {(row["when"], row["whenIs"]) for row in aliyev} == {("2020-11-10/2021-04-27", "bounds")}


def test_timeline_puts_every_answer_after_what_it_answers():
    order = [row["item"] for row in run_query("timeline")]
    graph = closed_graph()
    pairs = [(str(s), str(o)) for s, o in graph.subject_objects(URIRef(KG + "respondsTo"))]
    checked = [(answer, answered) for answer, answered in pairs if answer in order and answered in order]
    assert len(checked) >= 15
    for answer, answered in checked:
        assert order.index(answered) < order.index(answer), (answer, answered)


# --- probes: a query must flag what it is about and nothing else ------------------------------------------------------

def _probe(triples: list[tuple]) -> Graph:
    graph = Graph()
    for triple in closed_graph():
        graph.add(triple)
    for triple in triples:
        graph.add(triple)
    return graph


def _rows(graph: Graph, name: str) -> list:
    return list(graph.query(query_path(name).read_text(encoding="utf-8")))


def _statement(slug: str, agent: str, proposition: str, certainty: str, polarity: str, day: str) -> list[tuple]:
    statement, factuality = URIRef(ID + f"statement/{slug}"), URIRef(ID + f"statement/{slug}#probe")
    return [(statement, RDF.type, URIRef(KG + "Statement")), (statement, URIRef(KG + "agent"), URIRef(ID + agent)),
            (statement, URIRef(KG + "speechAct"), URIRef(ID + "act/assertion")),
            (statement, URIRef(KG + "factuality"), factuality),
            (factuality, URIRef(KG + "ofProposition"), URIRef(ID + f"proposition/{proposition}")),
            (factuality, URIRef(KG + "certainty"), URIRef(ID + f"certainty/{certainty}")),
            (factuality, URIRef(KG + "polarity"), URIRef(ID + f"polarity/{polarity}")),
            (statement, URIRef(KG + "date"), Literal(day, datatype=XSD.date))]


def _azerbaijan_changes(graph: Graph) -> set:
    return {str(row.later) for row in _rows(graph, "stance-changes") if str(row.state) == ID + "state/azerbaijan"}


def test_stance_changes_does_not_flag_a_claim_that_merely_shares_a_consequence():
    """Aliyev doubted that Armenia used Iskanders; affirming later that Russia was involved in their use is no
    reversal, though both claims entail that Iskanders were used (the old query flagged it)."""
    probe = _probe(_statement("probe-aliyev-russia-involved", "person/ilham-aliyev",
                              "russia-directly-involved-in-iskander-use", "certain", "positive", "2021-04-10"))
    assert _azerbaijan_changes(probe) == set()


def test_stance_changes_flags_a_reversal_on_the_same_claim():
    probe = _probe(_statement("probe-aliyev-armenia-used", "person/ilham-aliyev",
                              "armenia-used-iskanders-in-2020-war", "certain", "positive", "2021-04-10"))
    assert _azerbaijan_changes(probe) == {ID + "statement/probe-aliyev-armenia-used"}


def _claim(slug: str, model: str) -> list[tuple]:
    proposition = URIRef(ID + f"proposition/{slug}")
    return [(proposition, RDF.type, URIRef(KG + "Proposition")),
            (proposition, URIRef(KG + "allegedUser"), URIRef(ID + "state/armenia")),
            (proposition, URIRef(KG + "weaponModel"), URIRef(ID + f"weapon/{model}"))]


def _coverage(graph: Graph) -> dict[tuple[str, str], str]:
    """(claim, receipt on record) -> whether the receipt covers the model claimed, from variant-discrepancy."""
    return {(short(str(row.proposition)), short(str(row.receipt))): str(row.covers)
            for row in _rows(graph, "variant-discrepancy") if row.receipt is not None}


def test_variant_discrepancy_does_not_let_the_export_version_cover_the_domestic_one():
    """The old model made the export 9K720-E a kind of Iskander-M, so 'Armenia used Iskander-M' went unflagged."""
    coverage = _coverage(_probe(_claim("probe-armenia-used-iskander-m", "iskander-m")))
    assert coverage[("proposition/probe-armenia-used-iskander-m", "acquisition/armenia-9k720-e-2013")] == "no"
    # what covers it is the alleged illegal delivery of Iskander-M missiles, a receipt on record by allegation
    assert coverage[("proposition/probe-armenia-used-iskander-m",
                     "proposition/iskander-m-illegally-delivered-to-armenia")] == "yes"


def test_variant_discrepancy_lets_the_receipt_cover_its_own_version_and_leaves_the_family_out():
    graph = _probe(_claim("probe-armenia-used-iskander-e", "iskander-e") + _claim("probe-armenia-used-iskanders", "iskander"))
    coverage = _coverage(graph)
    assert coverage[("proposition/probe-armenia-used-iskander-e", "acquisition/armenia-9k720-e-2013")] == "yes"
    assert not [claim for claim, _ in coverage if claim == "proposition/probe-armenia-used-iskanders"]


def test_variant_discrepancy_names_who_holds_each_claim():
    """The review's M4: the use of 9M723s against Shusha is a claim nobody makes; the questions pass it on (Uu)."""
    rows = [row for row in run_query("variant-discrepancy")
            if row["proposition"] == ID + "proposition/armenia-used-9m723-against-shusha"]
    assert {cell(row, "heldBy") for row in rows} == {"group/questioners-in-azerbaijan Uu"}
    assert {row["receipt"]: row["covers"] for row in rows}[ID + "proposition/iskander-m-illegally-delivered-to-armenia"] == "yes"
