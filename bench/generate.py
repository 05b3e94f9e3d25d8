"""Synthetic kgraph projects shaped like ours, at any size: `python bench/generate.py --triples 100000 --out DIR`.

The project written to DIR has the real ontology/, shapes/ and queries/ (copied from --root) and one data file,
data/synthetic.nt, of about --triples asserted triples (the article's own data files are copied too, so that the
concept schemes of speech acts, factualities, settings and arenas are there). The data repeats one "cluster" made the way the article
graph is made: states with offices, organisations in a short hierarchy, persons holding current and former positions,
statements (agent, speech act, a factuality per proposition, setting, arena, quote with its two Web Annotation selectors,
responses), propositions
that entail each other, events with participants and places, weapon designs with variants, acquisitions and quotes.
Transitive chains stay short (≤ 3), as they are in the article, so that the closure grows linearly with the data.

The data conforms to the project's shapes (shapes/*.ttl), so that the validate stage is timed on valid data as a
real build is. Deterministic: the same --triples and --seed give byte-identical output.
"""

import argparse
import random
import shutil
import sys
from pathlib import Path

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE = ID + "source/nee-2021-04-27-schrodingers-iskanders"
ACTS = ("assertion", "denial", "accusation", "question", "request", "retraction", "report")
FACTUALITIES = (("certain", "positive"), ("certain", "negative"), ("probable", "positive"), ("probable", "negative"),
                ("possible", "positive"), ("underspecified", "underspecified"))
SETTINGS = ("interview", "press-conference", "ministry-statement", "phone-call", "report", "media-coverage",
            "analysis", "request")
ARENAS = ("domestic", "external")
WORDS = ("iskander", "missile", "ceasefire", "shusha", "baku", "yerevan", "corridor", "launch", "fragment", "crater",
         "general", "staff", "ministry", "statement", "investigation", "delivery", "export", "variant", "war", "crisis")
ROOT = Path(__file__).resolve().parents[1]


class Writer:
    """Collects N-Triples lines; counts them."""

    def __init__(self, rng: random.Random):
        self.lines: list[str] = []
        self.rng = rng

    def __len__(self) -> int:
        return len(self.lines)

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> .\n")

    def lit(self, s: str, p: str, value: str, datatype: str | None = None, lang: str | None = None) -> None:
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        suffix = f"@{lang}" if lang else (f"^^<{datatype}>" if datatype else "")
        self.lines.append(f'<{s}> <{p}> "{escaped}"{suffix} .\n')

    def thing(self, iri: str, cls: str, label: str, quote: str | None = None) -> str:
        self.iri(iri, RDF_TYPE, KG + cls)
        self.lit(iri, LABEL, label, lang="en")
        if quote:
            self.iri(iri, KG + "quote", quote)
        return iri

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))


def write_quote(w: Writer, name: str, words: int, offset: list[int]) -> str:
    """A kg:Quote of `words` words with its TextQuoteSelector and TextPositionSelector at the running code-point
    `offset`."""
    iri = f"{ID}quote/{name}"
    exact = w.words(words)
    w.thing(iri, "Quote", f"Quote {name}")
    w.iri(iri, OA + "hasSource", SOURCE)
    w.iri(iri, OA + "hasSelector", iri + "#text")
    w.iri(iri, OA + "hasSelector", iri + "#position")
    w.iri(iri + "#text", RDF_TYPE, OA + "TextQuoteSelector")
    w.lit(iri + "#text", OA + "exact", exact)
    w.iri(iri + "#position", RDF_TYPE, OA + "TextPositionSelector")
    w.lit(iri + "#position", OA + "start", str(offset[0]), XSD + "integer")
    w.lit(iri + "#position", OA + "end", str(offset[0] + len(exact)), XSD + "integer")
    offset[0] += len(exact) + 1
    return iri


def cluster(w: Writer, c: int, offset: list[int]) -> None:
    """One cluster: about 1,000 triples of every kind the article graph has."""
    rng = w.rng

    def quote(name: str) -> str:
        return write_quote(w, f"c{c}-{name}", rng.randint(6, 20), offset)

    states = [w.thing(f"{ID}state/c{c}-s{i}", "State", f"State {c}-{i}", quote(f"state-{i}")) for i in range(2)]
    offices = []
    for i, state in enumerate(states):
        office = w.thing(f"{ID}office/c{c}-head-of-s{i}", "Office", f"Head of state {c}-{i}", quote(f"office-{i}"))
        w.iri(office, KG + "officeOf", state)
        offices.append(office)
    places = []
    for i in range(4):
        place = w.thing(f"{ID}place/c{c}-p{i}", "Place", f"Place {c}-{i}", quote(f"place-{i}"))
        if places:
            w.iri(place, KG + "locatedIn", places[0] if i < 3 else places[i - 1])
        w.iri(place, KG + "controlledBy", rng.choice(states))
        places.append(place)
    orgs = []
    for i in range(6):
        kind = ("GovernmentBody", "MilitaryBody", "MediaOutlet", "ThinkTank", "University", "Agency")[i]
        org = w.thing(f"{ID}org/c{c}-o{i}", kind, f"Organisation {c}-{i}", quote(f"org-{i}"))
        w.iri(org, KG + "subOrganizationOf", orgs[0] if i in (1, 5) and orgs else states[i % 2])
        w.iri(org, KG + "basedIn", rng.choice(places))
        orgs.append(org)
    persons = []
    for i in range(10):
        person = w.thing(f"{ID}person/c{c}-x{i}", "Person", f"Person {c}-{i}", quote(f"person-{i}"))
        w.lit(person, KG + "degree", w.words(2))
        w.iri(person, KG + "alumnusOf", orgs[4])
        for j, current in enumerate((True, False) if i % 3 == 0 else (True,)):
            position = w.thing(f"{ID}position/c{c}-x{i}-{j}", "Position", f"Position {c}-{i}-{j}",
                               quote(f"position-{i}-{j}"))
            w.iri(person, KG + ("holdsPosition" if current else "heldPosition"), position)
            w.iri(position, KG + ("holder" if current else "formerHolder"), person)
            w.iri(position, KG + "positionIn", rng.choice(orgs[:3] + states))
            w.lit(position, KG + "rank", rng.choice(("colonel", "general", "minister", "spokesperson")))
            w.iri(position, KG + "heldAsOf", f"{ID}statement/c{c}-t0")
            if i < 2:
                w.iri(position, KG + "ofOffice", offices[i])
        persons.append(person)
    propositions = []
    for i in range(8):
        proposition = w.thing(f"{ID}proposition/c{c}-q{i}", "Proposition", f"Proposition {c}-{i}: {w.words(5)}")
        if i % 4:
            w.iri(proposition, KG + "entails", propositions[i - 1])
        w.iri(proposition, KG + "allegedUser", rng.choice(states))
        propositions.append(proposition)
    weapons = []
    for i in range(3):
        kind = ("WeaponSystemModel", "WeaponSystemModel", "MissileModel")[i]
        weapon = w.thing(f"{ID}weapon/c{c}-w{i}", kind, f"Weapon {c}-{i}", quote(f"weapon-{i}"))
        w.lit(weapon, KG + "designation", f"9{'M' if kind == 'MissileModel' else 'K'}{(3 * c + i) % 1000:03d}")
        w.iri(weapon, KG + "originState", states[1])
        if i == 1:
            w.iri(weapon, KG + "exportVersionOf", weapons[0])
        if i == 2:
            w.iri(weapons[0], KG + "hasMissile", weapon)
            w.iri(weapon, KG + "missileOf", weapons[0])
        weapons.append(weapon)
    acquisition = w.thing(f"{ID}acquisition/c{c}-a0", "Acquisition", f"Acquisition {c}", quote("acquisition"))
    w.iri(acquisition, KG + "acquiredModel", weapons[1])
    w.iri(acquisition, KG + "recipient", states[0])
    w.iri(acquisition, KG + "supplier", states[1])
    w.lit(acquisition, KG + "dateYear", str(2000 + c % 20), XSD + "gYear")
    w.lit(acquisition, KG + "earliestDate", f"{2000 + c % 20}-01-01", XSD + "date")
    w.lit(acquisition, KG + "latestDate", f"{2000 + c % 20}-12-31", XSD + "date")
    events = []
    for i in range(5):
        event = w.thing(f"{ID}event/c{c}-e{i}", "Event", f"Event {c}-{i}", quote(f"event-{i}"))
        if i:
            w.iri(event, KG + "partOfEvent", events[0] if i < 4 else events[3])
        w.iri(event, KG + "participant", rng.choice(persons))
        w.iri(event, KG + "place", rng.choice(places))
        w.lit(event, KG + "date", f"2021-{1 + i % 12:02d}-{1 + c % 28:02d}", XSD + "date")
        w.lit(event, KG + "alleged", "true" if i % 2 else "false", XSD + "boolean")
        events.append(event)
    statements = []
    for i in range(30):
        statement = f"{ID}statement/c{c}-t{i}"
        w.iri(statement, RDF_TYPE, KG + "Statement")
        w.lit(statement, LABEL, f"Statement {c}-{i}", lang="en")
        w.iri(statement, KG + "derivedFromQuote", quote(f"statement-{i}"))
        w.iri(statement, KG + "agent", rng.choice(persons + orgs[:2]))
        w.iri(statement, KG + "speechAct", ID + "act/" + rng.choice(ACTS))
        factuality, (certainty, polarity) = statement + "#p", rng.choice(FACTUALITIES)
        w.iri(statement, KG + "factuality", factuality)
        w.iri(factuality, RDF_TYPE, KG + "Factuality")
        w.lit(factuality, LABEL, f"Factuality {c}-{i}", lang="en")
        w.iri(factuality, KG + "ofProposition", rng.choice(propositions))
        w.iri(factuality, KG + "certainty", ID + "certainty/" + certainty)
        w.iri(factuality, KG + "polarity", ID + "polarity/" + polarity)
        w.iri(statement, KG + "setting", ID + "setting/" + rng.choice(SETTINGS))
        w.iri(statement, KG + "arena", ID + "arena/" + rng.choice(ARENAS))
        w.lit(statement, KG + "date", f"2021-{1 + i % 12:02d}-{1 + c % 28:02d}", XSD + "date")
        if i % 3 == 0:
            w.iri(statement, KG + "via", orgs[2])
        if statements and i % 2:
            w.iri(statement, KG + "respondsTo", rng.choice(statements))
        if i % 5 == 0:
            w.iri(statement, KG + "weaponModel", rng.choice(weapons))
            w.iri(events[i % 5], KG + "reportedIn", statement)
        statements.append(statement)


def source_agents(w: Writer, offset: list[int]) -> None:
    """The author and publisher that data/source.ttl names (the shapes want them typed, labelled and quoted)."""
    byline = write_quote(w, "synthetic-byline", 8, offset)
    w.thing(f"{ID}person/mahammad-mammadov", "Person", "Mahammad Mammadov", byline)
    w.thing(f"{ID}org/new-eastern-europe", "MediaOutlet", "New Eastern Europe", byline)


def generate(triples: int, seed: int = 42) -> list[str]:
    """N-Triples lines of a synthetic graph of at least `triples` triples (then cut at the next cluster boundary)."""
    writer = Writer(random.Random(seed))
    offset, c = [0], 0
    source_agents(writer, offset)
    while len(writer) < triples:
        cluster(writer, c, offset)
        c += 1
    return writer.lines


def write_project(out: Path, triples: int, seed: int = 42, root: Path = ROOT) -> int:
    """Write a synthetic project at `out` (replacing it); return the number of synthetic triples."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for part in ("ontology", "shapes", "queries"):
        if (root / part).is_dir():
            shutil.copytree(root / part, out / part)
    (out / "data").mkdir(parents=True)
    for name in ("schemes.ttl", "source.ttl"):  # the concept schemes and the source the synthetic data points to
        if (root / "data" / name).is_file():
            shutil.copy(root / "data" / name, out / "data" / name)
    lines = generate(triples, seed)
    with open(out / "data" / "synthetic.nt", "w", encoding="utf-8") as stream:
        stream.writelines(lines)
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--root", type=Path, default=ROOT, help="the project whose ontology/shapes/queries to copy")
    args = parser.parse_args(argv)
    count = write_project(args.out, args.triples, args.seed, args.root)
    print(f"wrote {count} synthetic triples to {args.out / 'data' / 'synthetic.nt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
