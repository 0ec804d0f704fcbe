"""Direct-quote spans and speakers against PolNeAR (dev by default).

Usage: PYTHONPATH=src python bench/quotes_polnear.py [--root DIR] [--split dev] [--part a|b]
                                                    [--errors N]

Gold direct quotes are PolNeAR ``Content`` spans that contain a quotation mark (one annotator
file per article, the first by name). A predicted quote counts for precision when it overlaps
any gold ``Content`` (as the README's regex baseline does); recall counts gold direct quotes
overlapped by a prediction. "Exact" asks the predicted span to equal the gold span or one of
its quoted segments, ignoring marks, spaces and end punctuation. Speaker accuracy is over
matched pairs whose gold has a ``Source``: right when the predicted speaker span overlaps the
gold one or shares a name word with it; a gold pronoun ("he") stands for the nearest earlier
named gold source (an approximation: PolNeAR has no coreference), a gold relative pronoun
("the department, which reported") for the words just before it; where an annotator swapped
the Source and Cue labels (Source "said", Cue "Hester") the two are swapped back.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.analyze.quotes import Quote, extract_quotes
from newsdesk.model import Article

_MARKS = "\"“”‘’«»„`'"
_DOUBLE_MARKS = '"“”«»„'
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "his", "hers"}
_RELATIVES = {"who", "which", "that", "whom", "whose"}
_CUE_SURFACE = re.compile(r"(?i)(?:said|says|say|told|tells|added|adds|wrote|writes|asked|asks)")
_BASELINE = re.compile(r"[\"“]([^\"”\n]{20,}?)[\"”]")  # the README's regex, >= 20 chars
_TRIM = " \t\n.,;:!?—–-" + _MARKS


@dataclass
class Gold:
    start: int
    end: int
    text: str
    source: tuple[int, int] | None = None
    source_text: str = ""
    resolved_source: str = ""
    text_before: str = ""  # the text just before the source, for a relative pronoun's antecedent


@dataclass
class Tally:
    pred: int = 0
    pred_hit: int = 0
    pred_exact: int = 0
    gold: int = 0
    gold_hit: int = 0
    gold_exact: int = 0
    spk_total: int = 0
    spk_right: int = 0
    spk_named_total: int = 0
    spk_named_right: int = 0
    errors: list[str] = field(default_factory=list)


def load_gold(text: str, ann: Path) -> tuple[list[Gold], list[tuple[int, int]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            spans[parts[0]] = (label, [(p[0], p[1]) for p in pieces if len(p) == 2])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    contents: list[tuple[int, int]] = []
    gold: list[Gold] = []
    everyone: list[Gold] = []  # every relation's source, to stand in for gold pronouns
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if content is None or not content[1]:
            continue
        start, end = content[1][0][0], content[1][-1][1]
        contents.append((start, end))
        item = Gold(start, end, text[start:end])
        source = spans.get(rel.get("Source", ""))
        cue = spans.get(rel.get("Cue", ""))
        if source and source[1] and cue and cue[1] and _swapped(text, source[1], cue[1]):
            source = cue
        if source and source[1]:
            item.source = (source[1][0][0], source[1][-1][1])
            item.source_text = text[item.source[0] : item.source[1]]
            item.text_before = text[max(0, item.source[0] - 120) : item.source[0]]
        everyone.append(item)
        if any(m in text[start:end] for m in _DOUBLE_MARKS):
            gold.append(item)
    _resolve_gold_pronouns(gold, everyone)
    return gold, contents


def _swapped(text: str, source: list[tuple[int, int]], cue: list[tuple[int, int]]) -> bool:
    """Source "said", Cue "Hester": the annotator swapped the two labels."""
    src = text[source[0][0] : source[-1][1]].strip()
    said = text[cue[0][0] : cue[-1][1]].strip()
    return bool(_CUE_SURFACE.fullmatch(src)) and not _CUE_SURFACE.fullmatch(said)


def _resolve_gold_pronouns(gold: list[Gold], everyone: list[Gold]) -> None:
    named = sorted(
        (
            g
            for g in everyone
            if g.source and not _is_pronoun(g.source_text) and not _is_relative(g.source_text)
        ),
        key=lambda g: g.source[0] if g.source else 0,
    )
    for g in gold:
        g.resolved_source = g.source_text
        if g.source and _is_relative(g.source_text):
            g.resolved_source = _antecedent(g.text_before)
        elif g.source and _is_pronoun(g.source_text):
            earlier = [n for n in named if n.source and n.source[0] < g.source[0]]
            g.resolved_source = earlier[-1].source_text if earlier else ""


def _is_relative(surface: str) -> bool:
    return surface.strip().lower() in _RELATIVES


def _antecedent(before: str) -> str:
    """The words just before a relative pronoun, back to the clause start: what it stands for."""
    clause = re.split(r"[.;:!?\n“”\"]", before)[-1]
    return " ".join(clause.replace(",", " ").split()[-6:])


def _is_pronoun(surface: str) -> bool:
    return surface.strip().lower() in _PRONOUNS


def _norm(surface: str) -> str:
    return " ".join(surface.strip(_TRIM).split()).lower()


def _segments(g: Gold) -> set[str]:
    segs = {_norm(g.text)}
    segs.update(_norm(m) for m in re.findall(r"[\"“]([^\"”]+)[\"”]", g.text))
    return segs


def _words(surface: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w’'-]+", surface)} - _PRONOUNS - {"the"}


def score_article(
    quotes: list[Quote],
    gold: list[Gold],
    contents: list[tuple[int, int]],
    tally: Tally,
    name: str,
) -> None:
    tally.pred += len(quotes)
    tally.gold += len(gold)
    for q in quotes:
        if any(q.start < e and s < q.end for s, e in contents):
            tally.pred_hit += 1
        elif len(tally.errors) < 10_000:
            tally.errors.append(f"FP {name}: {q.text[:100]!r}")
        if any(q.start < g.end and g.start < q.end and _norm(q.text) in _segments(g) for g in gold):
            tally.pred_exact += 1
    for g in gold:
        hits = [q for q in quotes if q.start < g.end and g.start < q.end]
        if not hits:
            tally.errors.append(f"FN {name}: {g.text[:100]!r}")
            continue
        tally.gold_hit += 1
        if any(_norm(q.text) in _segments(g) for q in hits):
            tally.gold_exact += 1
        if g.source is None:
            continue
        q = hits[0]
        right = _speaker_right(q, g)
        tally.spk_total += 1
        tally.spk_right += right
        if not _is_pronoun(g.source_text):
            tally.spk_named_total += 1
            tally.spk_named_right += right
        if not right:
            tally.errors.append(
                f"SPK {name}: got {q.speaker!r} cue {q.cue!r}, gold {g.source_text!r}"
                f" ({g.resolved_source!r}) for {q.text[:60]!r}"
            )


def _speaker_right(q: Quote, g: Gold) -> bool:
    if q.speaker is None or q.speaker_start is None or q.speaker_end is None or g.source is None:
        return False
    if q.speaker_start < g.source[1] and g.source[0] < q.speaker_end:
        return True
    return bool(_words(q.speaker) & _words(g.resolved_source))


def baseline(text: str) -> list[Quote]:
    return [
        Quote("x", m.start(1), m.end(1), m.group(1), None, None, None, None)
        for m in _BASELINE.finditer(text)
    ]


def run(root: Path, split: str, use_baseline: bool, part: str = "all") -> tuple[Tally, float, int]:
    tally = Tally()
    texts = sorted((root / split / "text").glob("*.txt"))
    if part != "all":  # every other file by name: "a" to study errors on, "b" held out
        texts = texts[0 if part == "a" else 1 :: 2]
    started = time.perf_counter()
    for path in texts:
        anns = sorted((root / split / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        gold, contents = load_gold(text, anns[0])
        article = Article(id=path.stem, source=str(path), text=text)
        quotes = baseline(text) if use_baseline else extract_quotes(article)
        score_article(quotes, gold, contents, tally, path.stem)
    return tally, time.perf_counter() - started, len(texts)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def report(label: str, tally: Tally, seconds: float, docs: int) -> None:
    p, r = _ratio(tally.pred_hit, tally.pred), _ratio(tally.gold_hit, tally.gold)
    pe, re_ = _ratio(tally.pred_exact, tally.pred), _ratio(tally.gold_exact, tally.gold)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    fe = 2 * pe * re_ / (pe + re_) if pe + re_ else 0.0
    print(
        f"{label}: {docs} articles, {tally.pred} predicted, {tally.gold} gold direct quotes, "
        f"{seconds:.1f} s ({docs / seconds:.1f} articles/s)"
    )
    print(f"  overlap  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    print(f"  exact    P {pe:.3f}  R {re_:.3f}  F1 {fe:.3f}")
    if tally.spk_total:
        print(
            f"  speaker  {_ratio(tally.spk_right, tally.spk_total):.3f} of {tally.spk_total} "
            f"matched quotes with a gold source; named gold sources "
            f"{_ratio(tally.spk_named_right, tally.spk_named_total):.3f} "
            f"of {tally.spk_named_total}"
        )


def main() -> int:
    repo = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=repo.parent / "shared/eval/quotes/polnear-dev")
    parser.add_argument("--split", default="dev")
    parser.add_argument(
        "--part",
        choices=("all", "a", "b"),
        default="all",
        help="every other file by name (a: the 1st, 3rd, ...; b: the 2nd, 4th, ...)",
    )
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    args = parser.parse_args()
    if not (args.root / args.split / "text").is_dir():
        print(f"no PolNeAR split at {args.root / args.split}: pass --root", file=sys.stderr)
        return 2
    base, secs, docs = run(args.root, args.split, use_baseline=True, part=args.part)
    report("regex baseline", base, secs, docs)
    ours, secs, docs = run(args.root, args.split, use_baseline=False, part=args.part)
    report("newsdesk", ours, secs, docs)
    for kind in ("FP", "FN", "SPK"):
        for line in [e for e in ours.errors if e.startswith(kind)][: args.errors]:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
