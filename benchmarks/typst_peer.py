"""The Typst 0.15 peer: the same committee paper, set by Typst, for the side-by-side benchmark.

    python benchmarks/typst_peer.py prepare PAPER.yaml DATA.json   # untimed: judge, gather text
    python benchmarks/typst_peer.py render DATA.json -o PEER.pdf    # timed: one Typst process

`prepare` runs our own `committee-report assess --format json` and adds the cover, rules and
glossary, so both tools set exactly the same words and numbers (headlines, RAG ratings,
narratives, reasons, commentary). `render` is the whole peer process the benchmark times: Python
starts, imports the `typst` binding and compiles one Typst template that reads DATA.json itself
and lays out the paper: cover with contents, the overview lists, landscape KPI tables with
sparklines and RAG cells, a chart per featured indicator (drawn natively in Typst with curves,
lines and text, each a figure with alternative text), the changes table and the appendix. The
output is tagged PDF/UA-1 and PDF/A-2a, as ours is, with the project's Liberation Sans fonts
embedded and system fonts ignored, and a fixed timestamp so it is reproducible.

Typst is spared the reading and judging (done in `prepare`), so the comparison is conservative:
it charges our build for work the peer does not time. `benchmarks/peer.py` times that part
separately (`assess` alone) so the lead can see both ways of counting.

`typst` is an optional benchmark dependency (`pip install -e '.[bench]'`), never a runtime one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
STANDARDS = ["ua-1", "a-2a"]
TIMESTAMP = 1_643_673_600  # 2022-02-01T00:00:00Z: fixed, so a rebuild is byte-identical

# The template reads the prepared data itself: Typst's own scripting loops over the indicators,
# so no text passes through Typst markup and none needs escaping.
TEMPLATE = r"""
#let data = json(sys.inputs.at("data"))
#let paper = data.paper
#let inds = data.assess.indicators
#let ink = rgb("#0B0C0C")
#let muted = rgb("#505A5F")
#let primary = rgb("#12436D")
#let rule-c = rgb("#B1B4B6")
#let band = rgb("#E8EEF4")
#let section-fill = rgb("#DDE3E9")
#let stripe = rgb("#F3F5F7")
#let grid-c = rgb("#D9D9D9")
#let palette = (rgb("#12436D"), rgb("#28A197"), rgb("#801650"), rgb("#F46A25"),
  rgb("#3D3D3D"), rgb("#A285D1"))
#let rag-style = (
  green: (fill: rgb("#00703C"), text: white, symbol: "●", label: "Green"),
  amber: (fill: rgb("#FFBF47"), text: ink, symbol: "▲", label: "Amber"),
  red: (fill: rgb("#D4351C"), text: white, symbol: "■", label: "Red"),
  grey: (fill: rgb("#EEEFEF"), text: rgb("#383F43"), symbol: "○", label: "No target"),
)
#let categories = (
  going_well: (fill: rgb("#CCE2D8"), text: rgb("#005A30"), symbol: "●", label: "Going well"),
  ones_to_watch: (fill: rgb("#FFF1C4"), text: rgb("#594D00"), symbol: "▲",
    label: "Ones to watch"),
  do_better: (fill: rgb("#F4CDC6"), text: rgb("#942514"), symbol: "■",
    label: "Things to do better"),
)
#let trend-word = (improving: "Better", stable: "Same", worsening: "Worse")
#let change-arrow = (rising: "↑", falling: "↓", flat: "→")
#let polarity-code = (bigger_is_better: "BIB", smaller_is_better: "SIB")
#let basis-word = (ytd: "YTD", latest: "LATEST")
#let month-names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
  "Nov", "Dec")
#let month-label(key) = {
  let parts = key.split("-")
  month-names.at(int(parts.at(1)) - 1) + "-" + parts.at(0).slice(2)
}
#let months = inds.at(0).series.keys()
#let comparator-names = inds.at(0).comparators.keys()
#let fmt(v, unit) = {
  if v == none { return "" }
  let text = if v == calc.round(v) { str(int(v)) } else { str(calc.round(v, digits: 1)) }
  if unit == "percent" { text + "%" } else { text }
}

#set document(title: paper.title, author: paper.author,
  keywords: paper.keywords, date: datetime(year: 2022, month: 2, day: 1))
#set text(font: "Liberation Sans", size: 10.5pt, fill: ink, lang: "en", region: "gb")
#set par(leading: 0.45em, spacing: 0.8em)
#set page(paper: "a4", margin: (top: 20mm, right: 16mm, bottom: 18mm, left: 16mm),
  header: context {
    set text(size: 8.5pt, fill: muted)
    if counter(page).get().first() > 1 {
      grid(columns: (1fr, auto), paper.committee, paper.title + " · " + paper.date)
      line(length: 100%, stroke: 0.5pt + rule-c)
    }
  },
  footer: context {
    set text(size: 8.5pt, fill: muted)
    line(length: 100%, stroke: 0.5pt + rule-c)
    grid(columns: (1fr, auto), paper.council,
      [Page #counter(page).display() of #counter(page).final().first()])
  })
#show heading.where(level: 1): set text(size: 26pt, fill: primary)
#show heading.where(level: 2): set text(size: 17pt, fill: primary)
#show heading.where(level: 3): set text(size: 12.5pt, fill: primary)
#show heading: set block(above: 1.1em, below: 0.6em)

// ---- Cover ----
#text(size: 12pt, fill: muted, paper.council)
#v(2mm)
#text(size: 14pt, paper.committee)
#v(4mm)
#text(size: 30pt, weight: "bold", fill: primary, paper.title)
#v(4mm)
#if paper.subtitle != "" [#paper.subtitle \ ]
#if paper.period_label != "" [#paper.period_label \ ]
#paper.date \
#if paper.author != "" [#paper.author \ ]
#if paper.marking != "" [*Protective marking:* #paper.marking]
#if paper.sample_notice != "" {
  block(fill: rgb("#FFF7BF"), inset: 3mm, width: 100%, text(size: 8.5pt, paper.sample_notice))
}
#v(8mm)
#outline(title: [In this paper], depth: 1)

// ---- Overview ----
#pagebreak()
= Overview of performance
#text(size: 8.5pt, fill: muted)[Data to #month-label(data.assess.period). Each indicator is
  placed in one of three groups by the rules listed in the appendix.]
#for (key, style) in categories {
  let members = inds.filter(i => i.category == key)
  block(fill: style.fill, inset: (x: 3mm, y: 2mm), width: 100%, below: 2mm,
    grid(columns: (1fr, auto),
      text(size: 12.5pt, weight: "bold", fill: style.text, style.symbol + " " + style.label),
      text(size: 8.5pt, weight: "bold", fill: style.text, str(members.len()) + " items")))
  list(..members.map(i => {
    if i.movement == "new" { box(fill: rgb("#FFF1C4"), inset: 1pt, text(size: 8.5pt)[New]) + " " }
    i.narrative
  }))
}

// ---- KPI tables ----
#let sparkline(ind) = {
  let values = ind.series.values().filter(v => v != none)
  if values.len() < 2 { return [] }
  let lo = calc.min(..values)
  let hi = calc.max(..values)
  let span = if hi == lo { 1 } else { hi - lo }
  let n = ind.series.len()
  let points = ()
  let k = 0
  for v in ind.series.values() {
    if v != none {
      points.push((k / (n - 1) * 13mm, 4mm - (v - lo) / span * 4mm))
    }
    k += 1
  }
  box(width: 13mm, height: 4mm, place(curve(stroke: 0.6pt + primary,
    curve.move(points.first()), ..points.slice(1).map(p => curve.line(p)))))
}
#let rag-cell(ind) = {
  let style = rag-style.at(if ind.rag == none { "grey" } else { ind.rag })
  table.cell(fill: style.fill, text(fill: style.text, style.symbol + " " + style.label))
}
#let kpi-columns = (14mm, 1fr, 8mm, ..months.map(_ => 7.5mm), 13mm, 10mm, 15mm, 12mm, 10mm,
  14mm, ..comparator-names.map(_ => 10mm))
#let ncol = kpi-columns.len()
#set page(flipped: true)
= Performance indicators
#text(size: 7.5pt, fill: muted)[*RAG:* Green on target · Amber within tolerance · Red off
  target. *Direction of travel:* the last 3 months with data against the 3 before.]
#{
  set text(size: 7.5pt)
  set par(leading: 0.3em)
  let rows = ()
  let section = none
  for ind in inds {
    if ind.section != section and ind.section != none {
      section = ind.section
      rows.push(table.cell(colspan: ncol, fill: section-fill, strong(section)))
    }
    rows.push(ind.id)
    rows.push(ind.title)
    rows.push(polarity-code.at(if ind.polarity == none { "" } else { ind.polarity },
      default: ""))
    for m in months { rows.push(ind.series_text.at(m)) }
    rows.push(sparkline(ind))
    rows.push(fmt(ind.target, ind.unit))
    rows.push(rag-cell(ind))
    rows.push(basis-word.at(if ind.basis == none { "" } else { ind.basis }, default: ""))
    rows.push(if ind.headline_text == none { "" } else { ind.headline_text })
    rows.push(if ind.change == none { "" } else {
      change-arrow.at(ind.change) + " " + trend-word.at(
        if ind.short_trend == none { "" } else { ind.short_trend }, default: "n/a")
    })
    for name in comparator-names { rows.push(ind.comparators.at(name).text) }
  }
  table(columns: kpi-columns, stroke: 0.3pt + rule-c, inset: 2pt,
    fill: (_, y) => if calc.odd(y) { stripe },
    table.header(repeat: true,
      ..([Indicator], [Indicator title], [Pol.],
        ..months.map(m => month-label(m).split("-").join(linebreak())), [Trend line],
        [Target], [RAG], [YTD/ LATEST], [Headline], [vs month before],
        ..comparator-names).map(h => table.cell(fill: primary, text(fill: white,
        weight: "bold", h)))),
    ..rows)
}

// ---- Indicator detail: a chart per featured indicator ----
#let chart(ind) = {
  let w = 170mm
  let h = 42mm
  let lm = 12mm
  let rm = 40mm
  let tm = 3mm
  let bm = 8mm
  let pw = w - lm - rm
  let ph = h - tm - bm
  let keys = ind.series.keys()
  let values = ind.series.values().filter(v => v != none)
  let comps = ind.comparators.values().filter(c => c.value != none).map(c => c.value)
  let extra = if ind.target == none { () } else { (ind.target,) }
  let hi = calc.max(1, ..values, ..comps, ..extra)
  let top-value = if ind.unit == "percent" { 100 } else {
    let step = calc.pow(10, calc.floor(calc.log(hi)))
    calc.ceil(hi / step) * step
  }
  let n = keys.len()
  let x(k) = lm + k / calc.max(1, n - 1) * pw
  let y(v) = tm + ph - v / top-value * ph
  box(width: w, height: h, {
    for t in range(6) {
      let v = top-value * t / 5
      place(line(start: (lm, y(v)), end: (lm + pw, y(v)), stroke: 0.4pt + grid-c))
      place(dx: 0mm, dy: y(v) - 1.5mm, box(width: lm - 1.5mm, align(right,
        text(size: 7pt, fmt(calc.round(v, digits: 1), ind.unit)))))
    }
    if ind.target != none {
      place(line(start: (lm, y(ind.target)), end: (lm + pw, y(ind.target)),
        stroke: (paint: rgb("#3D3D3D"), thickness: 0.9pt, dash: "dashed")))
      place(dx: lm + 1mm, dy: y(ind.target) - 3.5mm,
        text(size: 7pt, "Target " + fmt(ind.target, ind.unit)))
    }
    let segments = ()
    let k = 0
    let last = none
    for (key, v) in ind.series {
      if v != none {
        segments.push(if last == none { curve.move((x(k), y(v))) } else {
          curve.line((x(k), y(v)))
        })
        place(dx: x(k) - 1.2pt, dy: y(v) - 1.2pt, circle(radius: 1.2pt, fill: primary))
        last = (k, v, key)
      }
      place(dx: x(k) - 4mm, dy: h - bm + 1mm, box(width: 8mm, align(center,
        text(size: 6.5pt, month-label(key)))))
      k += 1
    }
    if segments.len() > 1 {
      place(curve(stroke: 1.4pt + primary, ..segments))
    }
    if last != none {
      let (k, v, key) = last
      place(dx: x(k) - 24mm, dy: y(v) + 1.5mm, box(stroke: 0.6pt + primary, inset: 1.5pt,
        fill: white, text(size: 7pt, weight: "bold", fill: primary,
        month-label(key) + ": " + ind.headline_text + " (" +
        rag-style.at(if ind.rag == none { "grey" } else { ind.rag }).label + ")")))
    }
    let j = 0
    for (name, c) in ind.comparators {
      if c.value != none {
        place(dx: lm + pw + 3mm, dy: y(c.value) - 1.5pt,
          square(size: 3pt, fill: palette.at(calc.rem(j + 1, palette.len()))))
        place(dx: lm + pw + 5mm, dy: y(c.value) - 1.6mm,
          text(size: 6.5pt, name + ": " + c.text))
        j += 1
      }
    }
  })
}
#set page(flipped: false)
= Indicator detail
#let featured = inds.filter(i => data.charts.contains(i.category))
#for ind in featured {
  let title = if ind.short_title == none { ind.title } else { ind.short_title }
  let style = rag-style.at(if ind.rag == none { "grey" } else { ind.rag })
  block(breakable: false, {
    heading(level: 2, ind.id + ": " + ind.title)
    text(size: 8.5pt)[*#basis-word.at(ind.basis, default: "Latest"):* #ind.headline_text ·
      *Target:* #fmt(ind.target, ind.unit) · *RAG:* #style.symbol #style.label ·
      *Direction of travel:* #trend-word.at(if ind.trend == none { "" } else { ind.trend },
        default: "n/a")]
    parbreak()
    text(weight: "bold", title)
    figure(chart(ind), kind: image, supplement: [Figure],
      alt: title + " by month, " + month-label(months.first()) + " to " +
        month-label(months.last()) + ": " + ind.series.pairs().filter(p => p.at(1) != none)
        .map(p => month-label(p.at(0)) + " " + ind.series_text.at(p.at(0))).join(", ") +
        if ind.target == none { "" } else { "; target " + fmt(ind.target, ind.unit) },
      caption: text(size: 8pt, style: "italic")[#ind.id by month; the dashed line is the
        target. Source: #paper.council scorecard.])
  })
  par[#ind.narrative. *Why it is here:* #categories.at(ind.category).label, by the rule
    "#ind.rule" — #ind.reasons.first().]
  list(..ind.reasons.slice(1))
  if ind.commentary != none { par[*Officer commentary:* #ind.commentary] }
}

// ---- Changes since the last report ----
#let moved = inds.filter(i => i.movement != none and i.movement != "unchanged")
#if moved.len() > 0 [
  == Changes since the last report
  #table(columns: (18mm, 1fr, 22mm, 22mm, 20mm), stroke: 0.3pt + rule-c, inset: 3pt,
    table.header(..([Indicator], [Title], [Was], [Now], [Change]).map(h =>
      table.cell(fill: primary, text(fill: white, weight: "bold", h)))),
    ..moved.map(i => (i.id, i.title,
      if i.previous_category == none { "—" } else {
        categories.at(i.previous_category, default: (label: "Context")).label },
      if i.category == none { "Context" } else { categories.at(i.category).label },
      i.movement)).flatten())
]

// ---- Appendix ----
#pagebreak()
= Appendix: how to read this paper
== How indicators were classified
#table(columns: (40mm, 40mm, 1fr), stroke: 0.3pt + rule-c, inset: 3pt,
  table.header(..([Rule], [Category], [Reason]).map(h =>
    table.cell(fill: primary, text(fill: white, weight: "bold", h)))),
  ..data.rules.map(r => (r.id, r.category, r.reason)).flatten())
== RAG ratings
#table(columns: (30mm, 1fr), stroke: 0.3pt + rule-c, inset: 3pt,
  table.header(table.cell(fill: primary, text(fill: white, weight: "bold")[Rating]),
    table.cell(fill: primary, text(fill: white, weight: "bold")[Meaning])),
  ..rag-style.pairs().map(((k, s)) => (table.cell(fill: s.fill,
    text(fill: s.text, s.symbol + " " + s.label)), ("On target", "Within tolerance",
    "Off target", "No target set").at(("green", "amber", "red", "grey").position(x => x == k))
  )).flatten())
== Direction of travel
The arrow shows which way the value moved since the month before; the word says whether that
was better or worse for the indicator's polarity. The direction of travel compares the average
of the last 3 months with data against the 3 before.
#if data.glossary.len() > 0 [
  == Glossary
  #table(columns: (30mm, 1fr), stroke: 0.3pt + rule-c, inset: 3pt,
    table.header(table.cell(fill: primary, text(fill: white, weight: "bold")[Abbreviation]),
      table.cell(fill: primary, text(fill: white, weight: "bold")[Meaning])),
    ..data.glossary.pairs().flatten())
]
#if data.assess.warnings.len() > 0 [
  == Notes on the data
  #list(..data.assess.warnings)
]
"""


def prepare(paper: Path, out: Path) -> None:
    """Judge the scorecard with committee-report and gather the cover, rules and glossary."""
    import yaml

    result = subprocess.run(
        [sys.executable, "-m", "committee_report", "assess", str(paper), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"assess failed: {result.stderr.strip()}")
    assessed = json.loads(result.stdout)
    # Private paths must not reach the paper, as in ours: keep only the message after the path.
    assessed["warnings"] = [w.split(": ", 1)[-1] for w in assessed["warnings"]]
    config = yaml.safe_load(paper.read_text(encoding="utf-8"))
    info = config.get("paper", {})
    fields = (
        "council",
        "committee",
        "title",
        "subtitle",
        "date",
        "period_label",
        "author",
        "marking",
        "sample_notice",
    )
    cover = {key: str(info.get(key, "") or "") for key in fields}
    cover["keywords"] = [str(k) for k in info.get("keywords", [])]
    rules_path = (
        paper.parent / config["rules"] if config.get("rules") else ROOT / "data" / "rules.yaml"
    )
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    glossary: dict[str, str] = {}
    if config.get("catalogue"):
        catalogue = yaml.safe_load((paper.parent / config["catalogue"]).read_text("utf-8"))
        glossary = {str(k): str(v) for k, v in (catalogue.get("glossary") or {}).items()}
    data = {
        "paper": cover,
        "assess": assessed,
        "charts": list(config.get("charts", ["do_better", "ones_to_watch"])),
        "rules": [
            {"id": r["id"], "category": r["category"], "reason": r["reason"]}
            for r in [*rules["rules"], rules["default"]]
        ],
        "glossary": glossary,
    }
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def render(data: Path, out: Path) -> None:
    """Set the paper with Typst as tagged PDF/UA-1 + PDF/A-2a: the process the benchmark times."""
    import typst

    typst.compile(
        TEMPLATE.encode("utf-8"),
        output=str(out),
        root=str(data.parent),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        sys_inputs={"data": "/" + data.name},
        pdf_standards=STANDARDS,
        timestamp=TIMESTAMP,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prep = commands.add_parser("prepare", help="judge a paper's scorecard into DATA.json")
    prep.add_argument("paper", type=Path)
    prep.add_argument("data", type=Path)
    ren = commands.add_parser("render", help="set DATA.json with Typst")
    ren.add_argument("data", type=Path)
    ren.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.paper, args.data)
    else:
        render(args.data, args.output)


if __name__ == "__main__":
    main()
