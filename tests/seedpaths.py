"""Where the seed articles are: ``../shared/seeds`` beside the project, or one level
further up for a checkout one level deeper (a git worktree or a clone under a folder)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds"]
SEEDS = next((path for path in CANDIDATES if (path / "expected.json").exists()), CANDIDATES[0])
