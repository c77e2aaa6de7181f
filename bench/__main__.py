"""``python -m bench``: the same command as ``hub bench``, run from the repository's root."""

from hub.bench import bench

bench(prog_name="python -m bench")
