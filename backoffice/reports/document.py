"""A report as data: a title, lines under it, and sections each holding one table."""

from dataclasses import dataclass, field


@dataclass
class Section:
    heading: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    title: str
    subtitle: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def section(self, heading: str) -> Section:
        """The section titled `heading` (tests and writers look sections up by title)."""
        return next(s for s in self.sections if s.heading == heading)
