"""Archive mode: one anchor (or every source with every other) aligned over thousands of documents on Dask.

`inputs` turns folders, JSONL files and workspaces into plain `Document`s;
`partition` cuts them into deterministic partitions by sorted id; `tasks` is
what runs on a worker (build, features, embeddings, scoring of one partition,
returning plain records); `parts` keeps each finished partition on disk so a
crash or a retry loses and duplicates nothing; `output` merges the parts into
a workspace or a JSONL file; `run` is the driver; `pairs` the all-pairs pruning.
Nothing here imports Qt, and only `run` imports Dask, so no other command pays for it.
"""
