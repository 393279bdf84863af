"""The append proof: which texts take an appended ``[[results]]`` block, decided
from the text alone, and the block itself parsed back to its entry."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import tomli
from hypothesis import event, given, settings
from hypothesis import strategies as st

from offshore_cli import append_proof
from offshore_cli.append_proof import (
    PROBE,
    BlockMismatch,
    appended_bytes,
    prove_block,
    result_block,
    takes_appends,
)

from .reliability.writers import HEADER

CASES = [
    ('[plan]\ntitle = "t"\n', True),
    ('[[results]]\nindicator = "x"\n', True),
    ('  \t[[ results ]]  # spaced\nindicator = "x"\n', True),
    ('results = []\n[plan]\ntitle = "t"\n', False),
    ('results = [{ indicator = "x" }]\n', False),
    ("results.x = 1\n", False),
    ('[results]\nindicator = "x"\n', False),
    ('[results.x]\nindicator = "x"\n', False),
    ('[[results.x]]\nindicator = "x"\n', False),
    ('["results"]\nindicator = "x"\n', False),
    ("['results'.x]\nindicator = 1\n", False),
    # A sub-table of the last result: appending still extends the list.
    ('[[results]]\na = 1\n[[results.x]]\nb = 2\n', True),
    ("[resultsx]\nq = 1\n", True),
    # Header-like lines inside strings: undecided by the headers, settled by the probe.
    ('note = """\n[plan]\n"""\n[[results]]\nindicator = "x"\n', True),
    ('note = """\n[plan]\n"""\nresults = []\n', False),
    ('[a]\nnote = """\n[results]\n"""\n', True),
    (HEADER, True),
    (HEADER + '\n[[results]]\nindicator = "x"\ndate = 2015-01-01\nvalue = 1\n', True),
    (HEADER + '\n[[results]]\nindicator = "x"\ndate = 2015-01-01\nvalue = 1', True),
    (HEADER + "\n[extra]\nkey = 1", True),  # a header-led block escapes any table
    ('results = [{ indicator = "x", date = 2015-01-01, value = 1 }]\n' + HEADER, False),
    ("results = []\n" + HEADER, False),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_which_texts_take_an_appended_block(text: str, expected: bool) -> None:
    assert takes_appends(text) is expected
    # The verdict is the truth: the appended text parses to the old data plus the probe.
    data = tomli.loads(text)
    try:
        probed = tomli.loads(appended_bytes(text.encode(), PROBE.block).decode())
    except tomli.TOMLDecodeError:
        assert not expected
        return
    assert expected == (probed == {**data, "results": [*data.get("results", []),
                                                       PROBE.entry]})


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_headers_never_give_a_wrong_yes(text: str, expected: bool) -> None:
    # The quick verdict from the headers is right or undecided, never wrong.
    assert append_proof._by_headers(text) in (expected, None)


def test_the_usual_layouts_are_settled_without_a_full_parse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no(text: str) -> bool:
        raise AssertionError("parsed in full")

    monkeypatch.setattr(append_proof, "_by_probe", no)
    big = HEADER + "".join(f'\n[[results]]\nindicator = "x"\ndate = 2015-01-01\nvalue = {i}\n'
                           for i in range(1000))
    assert takes_appends(big) is True
    assert takes_appends("results = []\n" + HEADER) is False


def test_a_header_pattern_cannot_backtrack_on_long_lines() -> None:
    """100,000 spaces and brackets on one line are settled at once. The bound guards a
    complexity bug (a backtracking pattern would take minutes), it is not a benchmark."""
    line = "\n" + " " * 100_000 + "[" + " " * 100_000 + "x"
    began = time.process_time()
    assert append_proof._UNSETTLING_LINE.search(line) is None
    assert append_proof._UNSETTLING_FIRST_LINE.match(line) is None
    assert time.process_time() - began < 1


# Pieces of TOML that put "results" (and things that look like it) everywhere a key,
# a header or a string can hold it.
FRAGMENTS = [
    '[plan]\n', '[[results]]\n', '[[ results ]]\n', '[results]\n', '[results.x]\n',
    '[[results.x]]\n', '["results"]\n', "['results']\n", '[ "results" . y ]\n', '[a]\n',
    '[a.results]\n', '[[a]]\n', '[resultsx]\n', '[results-x]\n', '[results_x]\n',
    '\t[ results ]\n', '[[results]] # c\n', 'results = []\n', 'results = [ {a=1} ]\n',
    'results.x = 1\n', '"results" = 1\n', "'results'.k = 2\n", 'x = 1\n', 'y = "s"\n',
    'note = """\n[results]\n"""\n', "note = \'\'\'\n[[results.z]]\n\'\'\'\n",
    'arr = [\n  [1],\n  [2],\n]\n', 'arr2 = [\n[\n"results"]\n]\n', '# [results]\n', '\n',
    'k = { a = 1 }\n', 'm = {\n  results = 1,\n}\n', 'r\\u0065sults = 1\n',
    '"r\\u0065sults" = 3\n', '["r\\u0065sults"]\n', '[[ "results" ]]\n', 'results = 1 # x\n',
    '  results  =  [ ]\n', 's = "[results]"\n', '\r\n', '[results . x]\r\n', '[[results]]\r\n',
    'k2 = """\r\n[results]\r\n"""\r\n',
]


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=7), st.booleans())
def test_the_headers_never_give_a_wrong_yes_on_generated_texts(pieces: list[str],
                                                               strip: bool) -> None:
    text = "".join(pieces)
    text = text.rstrip("\n") if strip else text
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError:
        event("not TOML")
        return
    if append_proof._by_headers(text) is not True:
        event("left to the full parse or refused")
        return
    event("settled yes by the headers")
    probed = tomli.loads(appended_bytes(text.encode(), PROBE.block).decode())
    assert probed == {**data, "results": [*data.get("results", []), PROBE.entry]}


def test_the_block_itself_is_proved() -> None:
    entry = {"indicator": "x", "date": dt.date(2015, 1, 2), "value": 2, "note": 'a "quoted" b'}
    prove_block(result_block(entry), entry)
    with pytest.raises(BlockMismatch):
        prove_block(result_block(entry), {**entry, "value": 3})
