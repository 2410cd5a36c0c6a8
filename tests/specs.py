"""Chart specs of the sample's indicators, as the paper would draw them (for chart tests)."""

from __future__ import annotations

from committee_report.charts.draw import ChartSpec
from committee_report.inputs.theme import Theme
from committee_report.model import Assessment, Report
from committee_report.paper.compose import Labels, line_chart
from committee_report.render.detail import chart_spec as spec_of


def chart_spec(report: Report, a: Assessment, theme: Theme) -> ChartSpec:
    return spec_of(line_chart(report, a, Labels.from_theme(theme)), theme)
