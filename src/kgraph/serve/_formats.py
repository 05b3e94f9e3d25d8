"""Content negotiation over the format registry (`kgraph.formats`): the one place where a representation is chosen.

Only the standard library, pyoxigraph and python-mimeparse are imported here.
"""

import mimeparse

from kgraph.formats import Format

EXACT_FITNESS = 110  # python-mimeparse's fitness of a range naming the type and subtype (a wildcard scores less)
# Negotiation costs offers x ranges on the event loop: a 31 KB Accept of 3,000 ranges took 67 ms a request. Real
# clients send a handful; past these bounds the rest of the header is not read.
MAX_ACCEPT_CHARS = 2048
MAX_MEDIA_RANGES = 32


def _media_ranges(accept: str) -> list[tuple[str, str, dict[str, str]]]:
    """The Accept header's media ranges as python-mimeparse parses them; a malformed range is ignored (RFC 9110
    lets a server disregard what it cannot parse), not the whole header. Only the first MAX_MEDIA_RANGES ranges
    within the first MAX_ACCEPT_CHARS characters are read (a range cut short there is malformed, so ignored)."""
    ranges = []
    for part in accept[:MAX_ACCEPT_CHARS].split(",", MAX_MEDIA_RANGES)[:MAX_MEDIA_RANGES]:
        try:
            ranges.append(mimeparse.parse_media_range(part))
        except (mimeparse.MimeTypeParseException, ValueError):
            continue
    return ranges


def format_values(values: list[str] | tuple[str, ...] | str | None) -> tuple[str, ...]:
    """Every `format=` value of a request, in order: repeated parameters one after the other, and a comma-separated
    list of media types (as SPARQLWrapper sends) split into its members, each without parameters (`;q=`…)."""
    if isinstance(values, str):
        values = [values]
    return tuple(member.split(";")[0].strip().lower() for value in values or () for member in value.split(",")
                 if member.split(";")[0].strip())


def _named(values: tuple[str, ...], offers: tuple[Format, ...], extra: tuple[str, ...]) -> Format | str | None:
    """The first `format=` value that names one of `offers` (or of `extra`), in the request's order."""
    for wanted in values:
        for offer in offers:
            if wanted in (offer.key, offer.media_type, *offer.aliases):
                return offer
        if wanted in extra:
            return wanted
    return None


def negotiate(accept: str | None, offers: tuple[Format, ...],
              format_parameter: list[str] | tuple[str, ...] | str | None = None,
              extra: tuple[str, ...] = ()) -> Format | str | None:
    """The best of `offers` (or of the `extra` media types, e.g. text/html) for a request; None means 406.

    The one place where a representation is chosen. `format_parameter` (a short name or media type, a list of them,
    or several values; see `format_values`) wins over Accept when one of its values names something on offer: the
    first that does. When none does, Accept decides, and without Accept that is a 406. No Accept header (and no
    `format=`) gives the first offer. Otherwise RFC 9110: an offer's quality is the one of the most specific range
    that matches it (python-mimeparse), so `q=0` excludes a type even when a wildcard admits everything else; ties
    go to the earlier offer.
    """
    values = format_values(format_parameter)
    if values:
        named = _named(values, offers, extra)
        if named is not None or not accept or not accept.strip():
            return named
    if not accept or not accept.strip():
        return offers[0]
    ranges = _media_ranges(accept)
    if not ranges:
        return offers[0]
    best: Format | str | None = None
    best_rank: tuple[float, int, int] | None = None
    candidates: tuple[Format | str, ...] = (*offers, *(media for media in extra if "/" in media))
    for order, option in enumerate(candidates):
        media_type, aliases = (option, ()) if isinstance(option, str) else (option.media_type, option.aliases)
        quality, fitness = mimeparse.quality_and_fitness_parsed(media_type, ranges)
        if quality == 0 and fitness >= 0:
            continue  # excluded: no wildcard or alias brings it back
        for alias in (a for a in aliases if "/" in a):  # an alias counts when it is named, not through a wildcard
            alias_quality, alias_fitness = mimeparse.quality_and_fitness_parsed(alias, ranges)
            if alias_fitness >= EXACT_FITNESS and alias_quality > quality:
                quality, fitness = alias_quality, alias_fitness
        rank = (quality, fitness, -order)
        if quality > 0 and (best_rank is None or rank > best_rank):
            best, best_rank = option, rank
    return best
