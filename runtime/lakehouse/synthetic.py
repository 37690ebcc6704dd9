"""A project's synthetic landing data: its generator is a Python file the project names (`synthetic.script` in
`pipeline.json`), loaded by path so the runtime knows no project. The generator defines
`generate(target, seed, scale)` (writing `<target>/<entity>/landing/*.json` and returning line counts per entity)
and `GENERATOR_VERSION`; `describe(scale)` is optional. Output is cached per (generator, version, seed, scale)."""

import hashlib
import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]


class SyntheticError(Exception):
    pass


def load(script: str, repo_root: Path = REPO_ROOT) -> ModuleType:
    path = (repo_root / script).resolve()
    if not path.is_file():
        raise SyntheticError(f"The project's synthetic data generator {script} does not exist (looked at {path}).")
    spec = importlib.util.spec_from_file_location(f"synthetic_{path.stem}", path)
    assert spec is not None and spec.loader is not None, f"{path} is not a loadable Python file"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("generate", "GENERATOR_VERSION"):
        if not hasattr(module, name):
            raise SyntheticError(
                f"The synthetic data generator {script} defines no {name}; see runtime/lakehouse/synthetic.py."
            )
    return module


def generate(script: str, target: Path, seed: int, scale: float) -> dict:
    return load(script).generate(target, seed, scale)


def cached(root: Path, script: str, seed: int, scale: float, log=print) -> Path:
    """The generated data for (generator, seed, scale) under <root>/synthetic/, generating it on first use."""
    module = load(script)
    tag = hashlib.sha256(script.encode()).hexdigest()[:8]
    target = (
        root / "synthetic" / f"{Path(script).parent.name}-{tag}-seed{seed}-scale{scale:g}-v{module.GENERATOR_VERSION}"
    )
    marker = target / ".complete"
    if marker.exists():
        log(f"Synthetic landing data (seed {seed}, scale {scale:g}): reusing {target}")
        return target
    what = f", {module.describe(scale)}" if hasattr(module, "describe") else ""
    log(f"Generating synthetic landing data (seed {seed}, scale {scale:g}{what})…")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    counts = module.generate(partial, seed, scale)
    (partial / ".complete").write_text(json.dumps(counts))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    log("  " + ", ".join(f"{entity} {lines:,} lines" for entity, lines in counts.items()))
    return target
