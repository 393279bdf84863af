"""Reading figures the way people write them: "69 900", "1,5 MMDH", "60k", "1.5 bn",
"500 millions de dirhams", "80 %".

This module owns the text-to-number step for every figure a person types: the
locale's decimal and grouping marks, scale words (k, M, Md, bn...), Moroccan money
words (DH, dirhams, MDH, MMDH...) and the French press's "de" between them, a
percent sign for a percent indicator, and the refusal of anything ambiguous. It is
pure (no I/O); every rule and example is written out in ``docs/numbers.md``.
"""

from __future__ import annotations

import math
import re
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext

from offshore_cli.errors import NumberError, Problem
from offshore_cli.i18n import _

LOCALES = ("en", "fr")
# A figure is short; a cap keeps every Decimal computation below exact and cheap.
MAX_LENGTH = 100
# Space, no-break space, narrow no-break space, thin space: all group digits.
SPACES = " \u00a0\u202f\u2009"
DECIMAL_MARK = {"en": ".", "fr": ","}
GROUP_MARK = {"en": ",", "fr": "."}  # in addition to the spaces above
EXAMPLE = {"en": "1,234,567.5", "fr": "1 234 567,5"}

SCALE_WORDS: dict[str, int] = {
    "k": 10**3, "thousand": 10**3, "mille": 10**3,
    "m": 10**6, "million": 10**6, "millions": 10**6,
    "bn": 10**9, "md": 10**9, "mds": 10**9, "milliard": 10**9, "milliards": 10**9,
    "billion": 10**9, "billions": 10**9,
}
# In French "billion" is 10**12 (long scale): under fr the word could be off by 1000.
LONG_SCALE_FALSE_FRIENDS = frozenset({"billion", "billions"})
DIRHAM_WORDS: dict[str, int] = {"dh": 1, "dhs": 1, "dirham": 1, "dirhams": 1, "mad": 1,
                                "mdh": 10**6, "mmdh": 10**9}
DIRHAM_CURRENCIES = frozenset({"mad", "dh", "dhs", "dirham", "dirhams"})
# The French press joins a scale word to a currency with "de": "500 millions de dirhams".
LINKING_WORD = {"fr": "de"}
BILLION = {"en": "bn", "fr": "Md"}  # the usual short word for 10**9, for hints

_NUMBER = re.compile(f"[0-9][0-9.,{SPACES}]*")
_EXPONENT = re.compile(r"[eE]([+-]?[0-9]+)")
_TO_SPACE = str.maketrans(SPACES, " " * len(SPACES))


class _Refused(Exception):
    """Internal: why a text is refused; ``parse_number`` adds where."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_number(
    text: str, locale: str = "en", money: bool = False, currency: str | None = None,
    percent: bool = False,
) -> float:
    """Read ``text`` as written under ``locale``; raise ``NumberError`` if unsure.

    ``money`` allows money words (DH, dirhams, MAD, MDH, MMDH, the ``currency``
    code); ``currency`` is the money's currency code (the indicator's unit), if
    known: dirham words are refused for any currency but MAD's. ``percent`` allows
    a ``%`` after the number (an indicator whose unit is % or percent); the value is
    the number as written (``80 %`` is 80).
    """
    try:
        return _parse(text, _normal_locale(locale), money, currency, percent)
    except _Refused as refused:
        shown = text if len(text) <= 40 else text[:37] + "..."
        problem = Problem(source="", place=_("value {text}").format(text=repr(shown)),
                          message=refused.message,
                          hint=refused.hint)
        raise NumberError(problem) from None


def _normal_locale(locale: str) -> str:
    # Plans say "en" or "fr"; accept "fr_FR" / "en-US" from environments too.
    base = locale.strip().lower().replace("_", "-").split("-")[0]
    if base not in LOCALES:
        raise _Refused(_("unknown locale {locale}").format(locale=repr(locale)),
                       _("use en or fr"))
    return base


def _parse(text: str, locale: str, money: bool, currency: str | None, percent: bool) -> float:
    mark = DECIMAL_MARK[locale]
    if len(text) > MAX_LENGTH:
        raise _Refused(_("too long ({length} characters) to be a figure").format(
            length=len(text)), _('write e.g. "{example}" or "1{mark}5 M"').format(
            example=EXAMPLE[locale], mark=mark))
    body = text.strip()
    if not body:
        raise _Refused(_("empty: no number given"), _write_example(locale))
    negative = body[0] in "-\u2212"
    if body[0] in "+-\u2212":
        body = body[1:]
    if body.casefold() in {"nan", "inf", "infinity"}:
        raise _Refused(_("not a finite number"), _('write a figure, e.g. "{example}"').format(
            example=EXAMPLE[locale]))
    found = _NUMBER.match(body)
    if found is None:
        if body[:1] in (".", ","):
            raise _Refused(_("starts with {char}: a number must start with a digit").format(
                char=repr(body[0])), _('write a 0 first, e.g. "0{mark}5"').format(mark=mark))
        raise _Refused(_("no number found: a figure starts with a digit (after an optional "
                         "sign)"), _('write e.g. "{example}" or "60k"').format(
            example=EXAMPLE[locale]))
    number = found.group().rstrip(SPACES)
    rest = body[len(number):]
    exponent: int | None = None
    scientific = _EXPONENT.match(rest)
    if scientific is not None:
        # Clamped: past +-1000 the float is inf or 0 anyway, and Decimal refuses huge exponents.
        exponent = max(-1000, min(1000, int(scientific.group(1))))
        rest = rest[scientific.end():]

    whole, fraction, grouped = _read_digits(number, locale)
    scale = _read_scale(rest.strip(), number, locale, money, currency, percent)
    if exponent is not None:
        if grouped:
            raise _Refused(_("scientific notation cannot be combined with digit grouping"),
                           _('write e.g. "1{mark}5e9"').format(mark=mark))
        if scale != 1:
            raise _Refused(_("scientific notation cannot be combined with a scale word"),
                           _('write either "1{mark}5e9" or "1{mark}5 {billion}"').format(
                               mark=mark, billion=BILLION[locale]))
    elif scale == 1 and _ambiguous(whole, fraction, grouped):
        decimal = _format(Decimal(f"{whole}.{fraction}"), locale)
        thousands = _format(Decimal(whole + fraction), locale)
        message = (_("ambiguous under locale {locale}: {mark} then three digits could be "
                     "{decimal} or, in French style, {thousands}") if locale == "en" else
                   _("ambiguous under locale {locale}: {mark} then three digits could be "
                     "{decimal} or, in English style, {thousands}"))
        raise _Refused(
            message.format(locale=locale, mark=repr(mark), decimal=decimal, thousands=thousands),
            _('write "{decimal}" for the decimal reading or "{thousands}" for the thousands '
              'reading').format(decimal=decimal, thousands=thousands),
        )

    with localcontext() as context:
        # Exact arithmetic: every digit of the input and of the scale fits.
        context.prec, context.Emax, context.Emin = 4 * MAX_LENGTH, MAX_EMAX, MIN_EMIN
        value = Decimal(f"{whole}.{fraction or '0'}E{exponent or 0}") * scale
    result = float(value)
    if not math.isfinite(result):
        raise _Refused(_("too large to be a number (beyond about 1.8e308)"),
                       _('write e.g. "1{mark}5e9" or "1{mark}5 {billion}"').format(
                           mark=mark, billion=BILLION[locale]))
    if result == 0 and value != 0:
        raise _Refused(_("too small: it would be read as 0"), _("write 0 if you mean zero"))
    # Adding 0.0 turns -0.0 into 0.0: a sign on zero means nothing here.
    return (-result if negative else result) + 0.0


def _read_digits(number: str, locale: str, suggest: bool = True) -> tuple[str, str, bool]:
    """Split into (whole digits, fraction digits, was grouped) or refuse.

    ``suggest`` is False when checking a suggestion, so hints do not recurse.
    """
    mark, group = DECIMAL_MARK[locale], GROUP_MARK[locale]
    plain = number.translate(_TO_SPACE)
    marks = plain.count(mark)
    if marks > 1:
        raise _Refused(
            _("{mark} appears {count} times but under locale {locale} it is the decimal "
              "mark").format(mark=repr(mark), count=marks, locale=locale),
            (suggest and _swapped_hint(plain, locale))
            or _('group thousands with {group} or a space, e.g. "{example}"').format(
                group=repr(group), example=EXAMPLE[locale]))
    whole, _mark, fraction = plain.partition(mark)
    if marks and not fraction:
        raise _Refused(_("nothing after the decimal mark {mark}").format(mark=repr(mark)),
                       _('write "{whole}" or "{whole}{mark}0"').format(whole=whole, mark=mark))
    if not fraction.isdigit() and fraction:
        raise _Refused(
            _("separator after the decimal mark {mark}: under locale {locale} digits are "
              "grouped only before it").format(mark=repr(mark), locale=locale),
            (suggest and _swapped_hint(plain, locale)) or _write_example(locale))
    separators = {char for char in whole if not char.isdigit()}
    if len(separators) > 1:
        # Translators: between the two grouping marks of "mixes two grouping styles".
        names = _(" and ").join(sorted(repr(char) for char in separators))
        raise _Refused(_("mixes two grouping styles ({names})").format(names=names),
                       _('group with one of them, e.g. "{example}"').format(
                           example=EXAMPLE[locale]))
    if not separators:
        return whole, fraction, False
    sep = separators.pop()
    first, *others = whole.split(sep)
    if 1 <= len(first) <= 3 and not first.startswith("0") and all(len(o) == 3 for o in others):
        return whole.replace(sep, ""), fraction, True
    shown = _("a space") if sep == " " else repr(sep)
    # A lone comma (en) or dot (fr) was most likely meant as a decimal mark: say so.
    if sep != " " and len(others) == 1 and not fraction:
        hint = _('for a decimal write "{example}"; the decimal mark under {locale} is '
                 '{mark}').format(example=whole.replace(sep, mark), locale=locale,
                                  mark=repr(mark))
    else:
        hint = _write_example(locale)
    raise _Refused(
        _("{separator} groups digits under locale {locale}, but {digits} is not a first group "
          "of 1-3 digits followed by groups of exactly 3").format(
            separator=shown, locale=locale, digits=repr(whole)), hint)


def _write_example(locale: str) -> str:
    return _('write e.g. "{example}"').format(example=EXAMPLE[locale])


def _swapped_hint(plain: str, locale: str) -> str:
    """A hint if swapping '.' and ',' gives a valid number (the other locale's habit)."""
    swapped = plain.translate(str.maketrans(".,", ",."))
    try:
        _read_digits(swapped, locale, suggest=False)
    except _Refused:
        return ""
    hint = (_('if this is written the French way, write "{swapped}" under locale {locale}')
            if locale == "en" else
            _('if this is written the English way, write "{swapped}" under locale {locale}'))
    return hint.format(swapped=swapped, locale=locale)


def _ambiguous(whole: str, fraction: str, grouped: bool) -> bool:
    """True if the other locale would read the decimal mark as a thousands group."""
    return (not grouped and len(fraction) == 3 and 1 <= len(whole) <= 3
            and not whole.startswith("0"))


def _read_scale(unit: str, number: str, locale: str, money: bool, currency: str | None,
                percent: bool = False) -> int:
    """The multiplier the words after the number stand for, or refuse them."""
    if not unit:
        return 1
    if unit.startswith("%"):
        if percent and unit == "%":
            return 1  # stored as written: "80 %" is 80, in the unit %
        if percent:
            raise _Refused(_unknown_word(unit), _('write the figure, then "%" alone, e.g. '
                                                  '"{number} %"').format(number=number))
        raise _Refused(_("a percentage, but this indicator's unit is not % (or percent)"),
                       _('write the figure in the indicator\'s unit, e.g. "{number}"').format(
                           number=number))
    folded = unit.casefold()
    if folded == "mmad":
        raise _Refused(_("'MMAD' is ambiguous: million MAD in accounts, but MMDH means "
                         "milliard"),
                       _('write "{number} M MAD" or "{number} Md MAD"').format(number=number))
    words = folded.split()
    if locale == "fr" and any(word in LONG_SCALE_FALSE_FRIENDS for word in words):
        raise _Refused(_("'billion' means 10^12 in French but 10^9 in English"),
                       _('write "{number} Md" or "{number} milliards"').format(number=number))
    code = currency.strip().casefold() if currency else ""
    dirhams = code in DIRHAM_CURRENCIES or not code
    money_words = dict(DIRHAM_WORDS)
    if code:
        money_words.setdefault(code, 1)
    if len(words) == 3 and words[1] == LINKING_WORD.get(locale) and words[0] in SCALE_WORDS:
        # "millions de dirhams": "de" only joins a scale word to a money word.
        words = [words[0], words[2]]
    scale: int | None = None
    money_word: str | None = None
    if len(words) == 1 and words[0] in SCALE_WORDS:
        scale = SCALE_WORDS[words[0]]
    elif len(words) == 1 and words[0] in money_words:
        scale, money_word = money_words[words[0]], words[0]
    elif len(words) == 2 and words[0] in SCALE_WORDS and money_words.get(words[1]) == 1:
        scale, money_word = SCALE_WORDS[words[0]], words[1]
    if scale is None:
        raise _Refused(_unknown_word(unit), _("accepted words: {words}").format(
            words=accepted_words(locale, money, currency, percent)))
    if money_word is not None:
        short = {10**3: "k", 10**6: "M", 10**9: BILLION[locale]}.get(scale, "")
        plain = f"{number} {short}".strip()
        written = unit.split()[-1]  # the money word as typed: "DH" of "Mds de DH"
        if not money:
            raise _Refused(_("{word} is a money unit but this indicator is not an amount of "
                             "money").format(word=repr(written)),
                           _('write the figure without it, e.g. "{plain}"').format(plain=plain))
        if money_word in DIRHAM_WORDS and not dirhams:
            raise _Refused(_("{word} means dirhams but this indicator counts money in "
                             "{currency}").format(word=repr(written), currency=currency),
                           _('write the amount in {currency}, e.g. "{plain} {currency}"').format(
                               currency=currency, plain=plain))
    return scale


def _unknown_word(unit: str) -> str:
    return _("unknown word {word} after the number").format(word=repr(unit))


def accepted_words(locale: str, money: bool, currency: str | None = None,
                   percent: bool = False) -> str:
    """The words that may follow a number, as a refusal lists them: each once."""
    words = ["k", "thousand", "mille", "M", "million(s)", "Md", "Mds", "milliard(s)", "bn"]
    if locale == "en":
        words.append("billion(s)")
    if percent:
        words.append("%")
    text = ", ".join(words)
    if not money:
        return text
    code = currency.strip() if currency else ""
    money_words: list[str] = []
    if not code or code.casefold() in DIRHAM_CURRENCIES:
        money_words = ["DH", "Dhs", "dirham(s)", "MAD", "MDH", "MMDH", "M DH", "Mds DH"]
        if locale in LINKING_WORD:
            money_words.append(f"millions {LINKING_WORD[locale]} dirhams")
    else:
        money_words = [code.upper(), f"M {code.upper()}"]
    return _("{words}; money: {money}").format(words=text,
                                               money=", ".join(dict.fromkeys(money_words)))


def _format(value: Decimal, locale: str) -> str:
    """``value`` written the way ``locale`` writes it, for messages."""
    text = f"{value.normalize():,f}"
    if locale == "fr":
        text = text.replace(",", " ").replace(".", ",")
    return text
