"""Copy the front-end files the pages use from node_modules (installed by `npm ci` from package-lock.json)
into static/vendor/<package>-<version>/ and list them in static/vendor/manifest.json.

The version is part of every path, so the files can be cached for a year: a new version is a new URL.
static/vendor/ is not committed (it is rebuilt by `make install`); the app reads the manifest at start-up.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# name in the manifest -> (npm package, files to copy; the first one is what pages link to)
FILES = {
    "bootstrap_rtl": ("bootstrap", ["dist/css/bootstrap.rtl.min.css"]),
    "bootstrap_ltr": ("bootstrap", ["dist/css/bootstrap.min.css"]),
    # The fonts' CSS points at ./files/*.woff2, so the folder layout is kept.
    "font_fa": ("@fontsource-variable/vazirmatn", ["wght.css", "files/*.woff2", "LICENSE"]),
    "font_ar": ("@fontsource-variable/noto-sans-arabic", ["wght.css", "files/noto-sans-arabic-*-wght-normal.woff2",
                                                          "LICENSE"]),
}


def main() -> int:
    if not MODULES.is_dir():
        print("node_modules is missing: run `npm ci` first.", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    manifest = {}
    for name, (package, patterns) in FILES.items():
        source = MODULES / package
        version = json.loads((source / "package.json").read_text())["version"]
        target = VENDOR / f"{package.rsplit('/', 1)[-1]}-{version}"
        for pattern in patterns:
            matches = sorted(source.glob(pattern))
            if not matches:
                print(f"{package}: nothing matches {pattern}", file=sys.stderr)
                return 1
            for path in matches:
                destination = target / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
        manifest[name] = (target / patterns[0]).relative_to(VENDOR.parent).as_posix()
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"static/vendor: {', '.join(sorted(manifest))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
