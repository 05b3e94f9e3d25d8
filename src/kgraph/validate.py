"""Validate stage: the data (with the ontology) against the SHACL shapes, with pySHACL."""

from collections import defaultdict
from dataclasses import dataclass

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH


@dataclass(frozen=True)
class Violation:
    focus_node: str
    message: str
    shape: str
    path: str | None
    value: str | None
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    def text(self) -> str:
        """The report grouped by focus node, then by shape message."""
        if not self.violations:
            return "Conforms: the data satisfies every shape."
        grouped: dict[str, dict[str, list[Violation]]] = defaultdict(lambda: defaultdict(list))
        for violation in self.violations:
            grouped[violation.focus_node][violation.message].append(violation)
        lines = [f"Does not conform: {len(self.violations)} results on {len(grouped)} focus nodes."]
        for focus_node in sorted(grouped):
            lines.append(f"\n{focus_node}")
            for message, items in sorted(grouped[focus_node].items()):
                details = ", ".join(sorted({_detail(v) for v in items if _detail(v)}))
                lines.append(f"  [{items[0].severity}] {message}" + (f" ({details})" if details else ""))
        return "\n".join(lines)


def _detail(violation: Violation) -> str:
    parts = [f"path {violation.path}" if violation.path else "", f"value {violation.value}" if violation.value else ""]
    return "; ".join(p for p in parts if p)


def validate(data: Graph, shapes: Graph, ontology: Graph | None = None) -> ValidationReport:
    """Run pySHACL; the ontology is mixed in so that sh:targetClass reaches instances of subclasses.

    pySHACL mixes the ontology into a clone of `data` (its default, not in place), so `data` is left as it was; but it
    adds triples to the shapes graph it is given, so it gets a copy (shapes are small, data can be large).
    """
    shapes_copy = Graph()
    shapes_copy += shapes
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_copy, ont_graph=ontology, inference="none", allow_warnings=True, advanced=True,
    )
    violations = tuple(sorted((_violation(results, node) for node in results.subjects(SH.resultSeverity, None)),
                              key=lambda v: (v.focus_node, v.message, v.path or "", v.value or "")))
    return ValidationReport(violations)


def _violation(results: Graph, node) -> Violation:
    def value(predicate):
        term = results.value(node, predicate)
        return None if term is None else str(term)

    severity = value(SH.resultSeverity) or str(SH.Violation)
    return Violation(
        focus_node=value(SH.focusNode) or "?",
        message=value(SH.resultMessage) or "(no message)",
        shape=value(SH.sourceShape) or "?",
        path=value(SH.resultPath),
        value=value(SH.value),
        severity=severity.rsplit("#", 1)[-1],
    )
