"""Loading, validating, editing and saving roadmap files, losslessly."""

from roadmap_tui.store.document import Revision, RoadmapDocument, utc_now
from roadmap_tui.store.files import Fingerprint, atomic_write
from roadmap_tui.store.validate import parse

load = RoadmapDocument.load

__all__ = ["Fingerprint", "Revision", "RoadmapDocument", "atomic_write", "load", "parse", "utc_now"]
