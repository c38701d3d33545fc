"""Workspaces: sources, computed links and the analyst's decisions in one SQLite file.

No Qt here: the GUI and the CLI are both clients of this API.

    with Workspace.open_default() as ws:
        ws.align("encyclopedia-overview", ["kremlin-csto"])
        for pair in ws.pairs(status="proposed", min_score=60):
            ws.confirm(pair.pair_id, relation="agrees")
        ws.export("pairs.csv", status="confirmed")
"""

from compare.model.rules import RELATIONS, STATUSES
from compare.workspace.importing import Incoming, fetch, fetch_file, fetch_text, fetch_url
from compare.workspace.location import DATA_DIR_ENV, data_dir, default_workspace_path
from compare.workspace.realign import AlignJob, AlignReport
from compare.workspace.review import ActionInfo
from compare.workspace.schema import APPLICATION_ID, SCHEMA_VERSION, SUFFIX
from compare.workspace.source_rows import SourceEntry
from compare.workspace.store import Workspace
from compare.workspace.views import PairView

__all__ = ["APPLICATION_ID", "DATA_DIR_ENV", "RELATIONS", "SCHEMA_VERSION", "STATUSES", "SUFFIX",
           "ActionInfo", "AlignJob", "AlignReport", "Incoming", "PairView", "SourceEntry", "Workspace", "data_dir",
           "default_workspace_path", "fetch", "fetch_file", "fetch_text", "fetch_url"]
