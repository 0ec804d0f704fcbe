"""Where batch stages run: in this process (``local``) or on a Ray cluster (``ray``).

Both engines offer the same few operations over datasets of rows (map batches, group by a
key, inner join, write and read Parquet); the stage sequence in :mod:`newsdesk.batch.run`
is written once against them, so both engines run the same stage functions on the same
rows. The local engine holds a dataset as a list of rows; the Ray engine as a Ray Data
``Dataset``, executed lazily and in parallel.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from newsdesk.batch.rows import Row, table

RowsFn = Callable[[list[Row]], list[Row]]
LOCAL_BATCH = 4096  # rows per call of a stage function in the local engine
RAY_BATCH = 256  # rows per Ray task batch: small enough to spread a few thousand articles
RAY_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",  # never phone home
    "RAY_AUTH_MODE": "disabled",  # a local, single-user cluster
    "RAY_DEDUP_LOGS": "0",
}


class Engine(Protocol):
    """The operations batch stages need from an engine."""

    name: str

    def from_rows(self, rows: list[Row], schema: pa.Schema) -> Any: ...
    def map(
        self, data: Any, fn: RowsFn, schema: pa.Schema, *, warm: Callable[[], None] | None = None
    ) -> Any: ...
    def group(
        self,
        data: Any,
        key: str,
        fn: RowsFn,
        schema: pa.Schema,
        *,
        warm: Callable[[], None] | None = None,
    ) -> Any: ...
    def join(self, left: Any, right: Any, on: str, schemas: tuple[pa.Schema, pa.Schema]) -> Any: ...
    def write(self, data: Any, folder: Path, schema: pa.Schema) -> int: ...
    def read(self, folder: Path, schema: pa.Schema) -> Any: ...
    def rows(self, data: Any, columns: Sequence[str]) -> Iterator[Row]: ...
    def close(self) -> None: ...


def read_table(folder: Path, schema: pa.Schema) -> pa.Table:
    files = sorted(folder.glob("*.parquet"))
    if not files:
        return schema.empty_table()
    return pa.concat_tables([pq.read_table(f, schema=schema) for f in files])


class LocalEngine:
    """Runs every stage function in this process, in order."""

    name = "local"

    def from_rows(self, rows: list[Row], schema: pa.Schema) -> list[Row]:
        return rows

    def map(
        self,
        data: list[Row],
        fn: RowsFn,
        schema: pa.Schema,
        *,
        warm: Callable[[], None] | None = None,
    ) -> list[Row]:
        if warm is not None and data:
            warm()
        out: list[Row] = []
        for i in range(0, len(data), LOCAL_BATCH):
            out.extend(fn(data[i : i + LOCAL_BATCH]))
        return out

    def group(
        self,
        data: list[Row],
        key: str,
        fn: RowsFn,
        schema: pa.Schema,
        *,
        warm: Callable[[], None] | None = None,
    ) -> list[Row]:
        groups: dict[Any, list[Row]] = {}
        for row in data:
            groups.setdefault(row[key], []).append(row)
        if warm is not None and groups:
            warm()
        return [r for k in sorted(groups) for r in fn(groups[k])]

    def join(
        self, left: list[Row], right: list[Row], on: str, schemas: tuple[pa.Schema, pa.Schema]
    ) -> list[Row]:
        index = {r[on]: r for r in right}
        return [{**row, **index[row[on]]} for row in left if row[on] in index]

    def write(self, data: list[Row], folder: Path, schema: pa.Schema) -> int:
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table(data, schema), folder / "part-0.parquet")
        return len(data)

    def read(self, folder: Path, schema: pa.Schema) -> list[Row]:
        rows: list[Row] = read_table(folder, schema).to_pylist()
        return rows

    def rows(self, data: list[Row], columns: Sequence[str]) -> Iterator[Row]:
        for row in data:
            yield {c: row.get(c) for c in columns}

    def close(self) -> None:
        return None


def _udf_function(
    fn: RowsFn, schema: pa.Schema, warm: Callable[[], None] | None = None
) -> Callable[[pa.Table], pa.Table]:
    """A Ray Data batch function: Arrow in, stage function on rows, Arrow out.

    ``warm`` loads the stage's models; its loaders cache per process, and Ray reuses worker
    processes, so each worker loads them once. (An actor pool would hold its CPUs while the
    shuffle before it still needs them: on a small cluster that deadlocks.)
    """

    def run_stage(batch: pa.Table) -> pa.Table:
        if warm is not None:
            warm()
        return table(fn(batch.to_pylist()), schema)

    run_stage.__name__ = getattr(fn, "__name__", "stage")
    return run_stage


def _parquet_writer(folder: str, schema: pa.Schema) -> Callable[[pa.Table], pa.Table]:
    """Each block as one Parquet part, named by its content: a retried task rewrites the
    same file instead of adding a second copy. (Ray's own writer probes fsspec's HTTP
    filesystem, whose import races in threads without aiohttp.)"""

    def write_part(batch: pa.Table) -> pa.Table:
        if batch.num_rows:
            part = batch.select(schema.names).cast(schema)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, schema) as stream:
                stream.write_table(part)
            name = hashlib.blake2b(sink.getvalue().to_pybytes(), digest_size=12).hexdigest()
            pq.write_table(part, f"{folder}/part-{name}.parquet")
        return pa.table({"rows": [batch.num_rows]})

    return write_part


def _parquet_reader(schema: pa.Schema) -> Callable[[pa.Table], pa.Table]:
    """Each named Parquet part, read in a task (Ray's own reader probes fsspec's HTTP)."""

    def read_parts(batch: pa.Table) -> pa.Table:
        parts = [pq.read_table(p, schema=schema) for p in batch.column("path").to_pylist()]
        return pa.concat_tables(parts) if parts else schema.empty_table()

    return read_parts


_SIDE = "__left"


def _joined_schema(on: str, left: pa.Schema, right: pa.Schema) -> pa.Schema:
    return pa.schema([*left, *(f for f in right if f.name != on)])


def _tag(schema: pa.Schema, is_left: bool) -> Callable[[pa.Table], pa.Table]:
    def tag_side(batch: pa.Table) -> pa.Table:
        n = batch.num_rows
        columns = [
            batch.column(f.name) if f.name in batch.column_names else pa.nulls(n, f.type)
            for f in schema
            if f.name != _SIDE
        ]
        return pa.Table.from_arrays([*columns, pa.array([is_left] * n)], schema=schema)

    return tag_side


class _JoinGroup:
    """The rows of one key from both sides of a join, paired (an inner join)."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.__name__ = "join"

    def __call__(self, group: list[Row]) -> list[Row]:
        lefts = [r for r in group if r[_SIDE]]
        rights = [r for r in group if not r[_SIDE]]
        names = [f.name for f in self.schema]
        return [
            {n: (rr[n] if rr.get(n) is not None else lr[n]) for n in names}
            for lr in lefts
            for rr in rights
        ]


class RayEngine:
    """Runs the stages as Ray Data operations on a cluster (a local one by default).

    Fault tolerance is Ray Data's own: a task whose worker dies is retried (``max_retries``
    -1 by default) and a dead actor is restarted, so a lost node costs only its tasks.
    """

    name = "ray"

    def __init__(self, address: str | None = None, *, workers: int | None = None) -> None:
        for key, value in RAY_ENV.items():
            os.environ.setdefault(key, value)
        import ray
        import ray.data

        self._ray = ray
        self._owns = not ray.is_initialized()
        if self._owns:
            kwargs: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "logging_level": logging.WARNING,
            }
            if address:
                ray.init(address=address, **kwargs)
            else:
                ray.init(num_cpus=workers or os.cpu_count() or 1, **kwargs)
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # stage progress is ours
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        # map_groups sees whole groups only within one block: a sorted partition split into
        # several blocks (rows carrying term vectors are big) would split a key's group and
        # lose its pairs. Unsplit blocks keep every group whole.
        ctx.target_max_block_size = None
        ctx.shuffle_strategy = ray.data.context.ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
        ctx.verbose_stats_logs = False
        cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
        self.workers = max(1, int(cpus))
        self.partitions = max(2, 2 * self.workers)  # shuffle partitions: a few per CPU

    def from_rows(self, rows: list[Row], schema: pa.Schema) -> Any:
        whole = table(rows, schema)
        parts = max(1, min(len(rows), self.partitions))
        step = -(-whole.num_rows // parts) or 1
        return self._ray.data.from_arrow(
            [whole.slice(i, step) for i in range(0, max(whole.num_rows, 1), step)]
        )

    def map(
        self, data: Any, fn: RowsFn, schema: pa.Schema, *, warm: Callable[[], None] | None = None
    ) -> Any:
        return data.map_batches(
            _udf_function(fn, schema, warm), batch_format="pyarrow", batch_size=RAY_BATCH
        )

    def group(
        self,
        data: Any,
        key: str,
        fn: RowsFn,
        schema: pa.Schema,
        *,
        warm: Callable[[], None] | None = None,
    ) -> Any:
        grouped = data.groupby(key, num_partitions=self.partitions)
        return grouped.map_groups(_udf_function(fn, schema, warm), batch_format="pyarrow")

    def join(self, left: Any, right: Any, on: str, schemas: tuple[pa.Schema, pa.Schema]) -> Any:
        """Inner join as a shuffle by key (Ray's own join needs polars, an extra 40 MB)."""
        merged = _joined_schema(on, *schemas)
        tagged = pa.schema([*merged, pa.field(_SIDE, pa.bool_())])
        both = left.map_batches(_tag(tagged, True), batch_format="pyarrow").union(
            right.map_batches(_tag(tagged, False), batch_format="pyarrow")
        )
        return self.group(both, on, _JoinGroup(merged), merged)

    def write(self, data: Any, folder: Path, schema: pa.Schema) -> int:
        folder.mkdir(parents=True, exist_ok=True)
        written = data.map_batches(
            _parquet_writer(str(folder), schema), batch_format="pyarrow", batch_size=None
        )
        count = sum(int(r["rows"]) for r in written.take_all())
        if count == 0:
            pq.write_table(schema.empty_table(), folder / "part-0.parquet")
        return count

    def read(self, folder: Path, schema: pa.Schema) -> Any:
        files = sorted(folder.glob("*.parquet"))
        if sum(pq.read_metadata(f).num_rows for f in files) == 0:
            return self._ray.data.from_arrow(schema.empty_table())
        names = self._ray.data.from_items([{"path": str(f)} for f in files])
        return names.map_batches(_parquet_reader(schema), batch_format="pyarrow", batch_size=1)

    def rows(self, data: Any, columns: Sequence[str]) -> Iterator[Row]:
        for batch in data.select_columns(list(columns)).iter_batches(batch_format="pyarrow"):
            yield from batch.to_pylist()

    def close(self) -> None:
        if self._owns:
            self._ray.shutdown()


def open_engine(name: str, *, address: str | None = None, workers: int | None = None) -> Engine:
    """The engine called ``name`` (``local`` or ``ray``)."""
    from newsdesk.errors import ConfigError

    if name == "local":
        return LocalEngine()
    if name == "ray":
        try:
            return RayEngine(address, workers=workers)
        except ImportError as e:
            raise ConfigError(
                "--engine ray needs Ray: pip install 'ray[data]' (the newsdesk[batch] extra)"
            ) from e
    raise ConfigError(f"unknown engine {name!r}; use local or ray")
