"""Plain words for what the validator found: pydantic's errors as our problems.

pydantic reports an error as a type (``string_type``, ``literal_error``), a
location and a message written for programmers ("Input should be a valid
dictionary"). This module owns the words a plan's author reads instead: each
error type the plan's models can raise maps to a message saying what the value
must be, and an unknown key gets the closest known one as a hint. Text from the
plan (a key, a value) is echoed through ``errors.shown`` and friends, so a
message stays one line of bounded length whatever the plan holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from offshore_cli import models
from offshore_cli.errors import ECHO_LIMIT, Problem, dotted, quoted, shortened
from offshore_cli.i18n import LANGUAGES, N_, _

_DOCS = N_("see docs/plan-format.md")
_DATE = N_("must be a TOML date such as 2020-12-31 (no quotes, no time)")
_DATE_TIME = N_("must be a date-time such as 2019-04-23T10:00:00+01:00")
_WHOLE = N_("must be a whole number such as 3")
_TABLE = N_("must be a table: a [section], or { key = value }")
_NUMBER = N_("must be a number, such as 60000 or 1.5e9")
_BOOLEAN = N_("must be true or false")
_COUNT_OR_AXES = N_("must be a whole number, or [[pillars.axes]] tables")
# What a value of each kind must be, by pydantic's error type (translated where it
# is said). A type missing here gets a general message, never pydantic's own text.
_MUST_BE: dict[str, str] = {
    "string_type": N_('must be text in quotes, such as "Jobs"'),
    "string_too_short": N_("must not be empty"),
    "too_short": N_("must not be empty"),
    "int_type": _WHOLE, "int_parsing": _WHOLE, "int_from_float": _WHOLE,
    "float_type": _NUMBER, "float_parsing": _NUMBER,
    "bool_type": _BOOLEAN, "bool_parsing": _BOOLEAN,
    "list_type": N_('must be a list in square brackets, such as ["jobs", "exports"]'),
    "dict_type": _TABLE, "model_type": _TABLE, "model_attributes_type": _TABLE,
    "mapping_type": _TABLE,
    "date_type": _DATE, "date_parsing": _DATE, "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATE_TIME, "datetime_parsing": _DATE_TIME,
    "datetime_from_date_parsing": _DATE_TIME, "datetime_object_invalid": _DATE_TIME,
    "union_tag_invalid": _COUNT_OR_AXES,
    "union_tag_not_found": _COUNT_OR_AXES,
}
# The branches pydantic names inside a union ("int", "list[Axis]", our tags) are
# not places in the file.
_UNION_TAGS = frozenset({"int", "constrained-int", "axis-count", "axis-list"})


class Locator(Protocol):
    def line_of(self, loc: Sequence[int | str]) -> int | None: ...


def problem_from_pydantic(err: Mapping[str, Any], source: str, locator: Locator) -> Problem:
    """One pydantic error (its ``loc`` counted from the top of the plan) as a problem."""
    loc = tuple(part for part in err["loc"] if not is_union_tag(part))
    message, hint = plain_words(err)
    if "axis-count" in err["loc"]:  # a pillar's axes: a count, or a list of tables
        message = _("{message}, or [[pillars.axes]] tables").format(message=message)
    if err["type"] == "extra_forbidden":
        hint = closest_key_hint(loc)
        if (isinstance(err.get("input"), dict) and _model_at(loc[:-1]) in models.TRANSLATABLE
                and not _close_key(loc)):
            # A table where an item takes one only for its text in another language.
            message = _("unknown language {name}").format(name=quoted(str(loc[-1])))
            hint = _("an item's text in another language goes in a table named by the "
                     "language's code: {languages}").format(languages=", ".join(LANGUAGES))
    return Problem(source, dotted(loc), message, hint, line=locator.line_of(loc))


def plain_words(err: Mapping[str, Any]) -> tuple[str, str]:
    """``(message, hint)`` for a pydantic error, in the plan author's words."""
    kind = err["type"]
    context = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return _("unknown key"), _("remove it or check its spelling")
    if kind == "missing":
        return _("is required"), _(_DOCS)
    if kind in ("value_error", "assertion_error"):
        # Our own validators' messages (models.py, rules.py): already plain and in
        # the run's language, with a hint where the rule has one (``rules.HintedError``).
        error = context.get("error") or _("is not valid")
        return str(error), str(getattr(error, "hint", ""))
    if kind == "literal_error":
        found = _echo(err.get("input"))
        expected = _choices(context.get("expected")) or _("one of the documented values")
        message = (_("must be {expected}, not {found}").format(expected=expected, found=found)
                   if found else _("must be {expected}").format(expected=expected))
        return message, _(_DOCS)
    if kind == "greater_than_equal":
        return _("must be {bound} or more").format(bound=context.get("ge")), ""
    if kind == "greater_than":
        return _("must be more than {bound}").format(bound=context.get("gt")), ""
    return _(_MUST_BE.get(kind, N_("is not a valid value here"))), _(_DOCS)


def _choices(expected: Any) -> str:
    """pydantic's list of a literal's values (``'en' or 'fr'``, ``'error', 'warn' or
    'off'``) with the run's word for "or". The values are the plan format's own
    keywords, none of which holds " or "."""
    if not isinstance(expected, str):
        return ""
    head, joined, last = expected.rpartition(" or ")
    return head + _(" or ") + last if joined else expected


def _echo(value: Any) -> str:
    # Only a value that reads as itself: text (quoted, cut and escaped) or a number.
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return shortened(repr(value))
    return ""


def is_union_tag(part: int | str) -> bool:
    """Whether a part of a pydantic location names a union's branch (or a dict's
    ``[key]``) rather than a place in the file."""
    return isinstance(part, str) and ("[" in part or "(" in part or part in _UNION_TAGS)


_ITEMS: dict[tuple[str, ...], type[models.Model]] = {
    ("plan",): models.PlanMeta, ("indicators", "*"): models.Indicator,
    ("milestones", "*"): models.Milestone, ("pillars", "*"): models.Pillar,
    ("pillars", "*", "axes", "*"): models.Axis,
}
_MODELS_BY_PLACE: dict[tuple[str, ...], type[models.Model]] = {
    (): models.PlanFile, ("plan", "bands"): models.Bands, ("results", "*"): models.Result,
    **_ITEMS,
    # An item's text in another language (``[plan.fr]``, ``fr = { title = "..." }``).
    **{(*place, lang): models.TRANSLATABLE[model] for place, model in _ITEMS.items()
       for lang in LANGUAGES},
}


def _model_at(place: Sequence[int | str]) -> type[models.Model] | None:
    """The model of the table at ``place`` (an indicator's id and a list's index are
    any)."""
    parent = tuple("*" if isinstance(part, int) or (i > 0 and place[i - 1] == "indicators")
                   else str(part) for i, part in enumerate(place))
    return _MODELS_BY_PLACE.get(parent)


def _close_key(loc: Sequence[int | str]) -> str | None:
    """The known key that the unknown key at ``loc`` most resembles, if any."""
    import difflib  # only when there is a mistake to explain

    model = _model_at(loc[:-1]) if loc else None
    if model is None:
        return None
    # A key far longer than any known one is no typo of it, and comparing it
    # whole would be slow: only a bounded prefix is compared.
    close = difflib.get_close_matches(str(loc[-1])[:ECHO_LIMIT], list(model.model_fields), n=1)
    return close[0] if close else None


def closest_key_hint(loc: Sequence[int | str]) -> str:
    """For an unknown key: the known key it most resembles, or the keys allowed."""
    model = _model_at(loc[:-1]) if loc else None
    if model is None:
        return _("remove it or check its spelling")
    close = _close_key(loc)
    if close:
        return _("did you mean {names}?").format(names=quoted(close))
    return _("allowed here: {keys}").format(keys=", ".join(model.model_fields))
