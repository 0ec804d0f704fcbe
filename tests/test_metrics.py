"""Metric code against examples computed by hand (and ARI against scikit-learn)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.evaluate.metrics import (
    PRF,
    ari,
    bcubed,
    pair_set_prf,
    pairwise,
    rouge,
    shingle_corpus,
    shingle_f1,
    shingle_rates,
    span_prf,
    token_sequence_equal,
)

# gold: {a, b} {c}; pred: {a} {b, c}
GOLD = {"a": "g1", "b": "g1", "c": "g2"}
PRED = {"a": "p1", "b": "p2", "c": "p2"}


def close(result: PRF, precision: float, recall: float, f1: float) -> bool:
    got = (result.precision, result.recall, result.f1)
    return got == pytest.approx((precision, recall, f1))


def test_bcubed_hand_example() -> None:
    # a: P 1, R 1/2; b: P 1/2, R 1/2; c: P 1/2, R 1 -> P = R = 2/3
    assert close(bcubed(GOLD, PRED), 2 / 3, 2 / 3, 2 / 3)


def test_bcubed_perfect_and_lumped() -> None:
    assert close(bcubed(GOLD, GOLD), 1, 1, 1)
    lumped = dict.fromkeys(GOLD, "all")
    # a, b: P 2/3, R 1; c: P 1/3, R 1 -> P 5/9, R 1
    assert close(bcubed(GOLD, lumped), 5 / 9, 1, 2 * (5 / 9) / (5 / 9 + 1))


def test_clusterings_must_cover_the_same_items() -> None:
    with pytest.raises(ValueError, match="missing from pred"):
        bcubed(GOLD, {"a": "x", "b": "x"})


def test_pairwise_hand_example() -> None:
    # gold pairs {a,b}; predicted pairs {b,c}; none shared
    assert close(pairwise(GOLD, PRED), 0, 0, 0)
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    # gold pairs ab ac bc; pred pairs ab cd; shared ab -> P 1/2, R 1/3
    assert close(pairwise(gold, pred), 1 / 2, 1 / 3, 0.4)


def test_pairwise_nothing_predicted_together() -> None:
    singletons = {k: k for k in GOLD}
    assert close(pairwise(GOLD, singletons), 1, 0, 0)


def test_ari_hand_example() -> None:
    gold = dict(zip("abcdef", "000111", strict=True))
    pred = dict(zip("abcdef", "001122", strict=True))
    # shared pairs 2, gold pairs 6, pred pairs 3, all pairs 15:
    # expected 6*3/15 = 1.2, max 4.5 -> (2 - 1.2) / (4.5 - 1.2)
    assert ari(gold, pred) == pytest.approx(0.8 / 3.3)
    assert ari(gold, gold) == 1.0


labels = st.lists(st.integers(0, 4), min_size=1, max_size=25)


@settings(max_examples=200, deadline=None)
@given(labels, labels)
def test_ari_matches_sklearn(a: list[int], b: list[int]) -> None:
    from sklearn.metrics import adjusted_rand_score

    n = min(len(a), len(b))
    gold = {str(i): str(a[i]) for i in range(n)}
    pred = {str(i): str(b[i]) for i in range(n)}
    assert ari(gold, pred) == pytest.approx(adjusted_rand_score(a[:n], b[:n]), abs=1e-9)


def test_pair_set_prf_ignores_pair_order() -> None:
    result = pair_set_prf([("a", "b"), ("c", "d")], [("b", "a"), ("a", "c")])
    assert close(result, 0.5, 0.5, 0.5)


def test_span_exact_and_overlap() -> None:
    gold = [(0, 10), (20, 30)]
    pred = [(0, 10), (25, 40), (50, 60)]
    assert close(span_prf(gold, pred, mode="exact"), 1 / 3, 1 / 2, 0.4)
    assert close(span_prf(gold, pred, mode="overlap"), 2 / 3, 1, 0.8)


def test_touching_spans_do_not_overlap() -> None:
    assert close(span_prf([(0, 10)], [(10, 20)], mode="overlap"), 0, 0, 0)


def test_no_predicted_spans() -> None:
    assert close(span_prf([(0, 5)], [], mode="exact"), 1, 0, 0)
    assert close(span_prf([], [], mode="overlap"), 1, 1, 1)


def test_shingle_f1_hand_example() -> None:
    # gold shingles "a b c d", "b c d e"; pred "a b c d", "b c d x": tp = fp = fn = 1
    assert close(shingle_f1("a b c d e", "a b, c d x"), 0.5, 0.5, 0.5)


def test_shingles_are_a_multiset() -> None:
    # gold: abcd twice + bcda, cdab, dabc; pred: abcd once -> tp 1, fp 0, fn 4
    assert close(shingle_f1("a b c d a b c d", "a b c d"), 1, 0.2, 2 * 0.2 / 1.2)


def test_short_text_is_one_shingle() -> None:
    assert close(shingle_f1("Quiet harbour", "quiet harbour"), 0, 0, 0)  # case matters
    assert close(shingle_f1("Quiet harbour", "Quiet harbour!"), 1, 1, 1)


def test_shingle_corpus_leaves_empty_predictions_out_of_precision() -> None:
    pages = [
        shingle_rates("a b c d e", "a b c d x"),  # P 1/2, R 1/2
        shingle_rates("f g h i", ""),  # no prediction: recall 0, no precision
        shingle_rates("", ""),  # nothing to find, nothing found: 1 and 1
    ]
    # precision mean over pages 1 and 3 = 3/4; recall mean over all = 1/2
    assert close(shingle_corpus(pages), 0.75, 0.5, 0.6)


def test_token_sequence_equal_ignores_punctuation_and_spacing() -> None:
    assert token_sequence_equal("The ferry, late.", "The  ferry late")
    assert not token_sequence_equal("The ferry late", "The ferry was late")


def test_rouge_uses_stemming() -> None:
    scores = rouge("cats running home", "cat runs home")
    assert scores["rouge1"] == pytest.approx(1.0)
    assert scores["rouge2"] == pytest.approx(1.0)
    assert rouge("harbour pilots strike", "bakers bake bread")["rougeL"] == 0.0


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCRAPINGHUB = SHARED / "eval" / "extraction" / "scrapinghub"


@pytest.mark.shared
@pytest.mark.skipif(
    not (SCRAPINGHUB / "output").is_dir(), reason="../shared/eval/extraction/scrapinghub absent"
)
@pytest.mark.parametrize(
    ("system", "published_f1"),
    [("trafilatura", 0.958), ("readability", 0.922), ("justext", 0.804), ("goose3", 0.896)],
)
def test_shingle_scorer_reproduces_published_table(system: str, published_f1: float) -> None:
    gold = json.loads((SCRAPINGHUB / "ground-truth.json").read_text(encoding="utf-8"))
    output = json.loads((SCRAPINGHUB / "output" / f"{system}.json").read_text(encoding="utf-8"))
    output = output.get("output", output)
    pages = [
        shingle_rates(gold[key]["articleBody"], output.get(key, {}).get("articleBody", ""))
        for key in gold
    ]
    assert round(shingle_corpus(pages).f1, 3) == published_f1
