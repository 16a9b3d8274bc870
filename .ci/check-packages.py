#!/usr/bin/env python3
"""Checks the packed .nupkg files as a user installs them (run by .ci/run after `dotnet pack`).

Usage: check-packages.py ARTIFACTS_DIR PROJECT_DIR...
Each package must hold its readme (PACKAGE.md), LICENSE, CHANGELOG.md, the icon, the assembly and its XML
documentation, the XML byte for byte the one next to the built assembly (the file PublicXmlDocsTests checked: public
members only), and a nuspec with icon, readme and release notes whose project and repository URLs, if any (SourceLink
takes the repository's from the git remote), are https and no placeholder.
"""
import glob
import os
import re
import sys
import zipfile

REQUIRED = ["PACKAGE.md", "LICENSE", "CHANGELOG.md", "icon.png"]


def check(artifacts, project_dir):
    name = os.path.basename(os.path.normpath(project_dir))
    found = [p for p in glob.glob(os.path.join(artifacts, name + ".*.nupkg"))
             if re.fullmatch(re.escape(name) + r"\.\d[^/]*(?<!\.symbols)\.nupkg", os.path.basename(p))]
    if len(found) != 1:
        return [f"{name}: expected one {name}.<version>.nupkg in {artifacts}, found {found}"]
    errors = []
    with zipfile.ZipFile(found[0]) as package:
        files = set(package.namelist())
        for required in REQUIRED + [f"lib/net10.0/{name}.dll", f"lib/net10.0/{name}.xml"]:
            if required not in files:
                errors.append(f"{name}: {required} is missing from the package")
        built = os.path.join(project_dir, "bin", "Release", "net10.0", name + ".xml")
        if f"lib/net10.0/{name}.xml" in files and os.path.exists(built):
            with open(built, "rb") as f:
                if package.read(f"lib/net10.0/{name}.xml") != f.read():
                    errors.append(f"{name}: the packed XML documentation differs from the tested {built}")
        nuspec = package.read(name + ".nuspec").decode("utf-8")
        for element in ["<icon>icon.png</icon>", "<readme>PACKAGE.md</readme>", "<releaseNotes>"]:
            if element not in nuspec:
                errors.append(f"{name}: the nuspec has no {element}")
        urls = re.findall(r"<projectUrl>([^<]*)</projectUrl>", nuspec) + re.findall(r'<repository[^>]*\surl="([^"]*)"', nuspec)
        for url in urls:
            if not url.startswith("https://") or re.search(r"example\.(com|org)|placeholder|your-?(org|name|user)|OWNER", url, re.I):
                errors.append(f"{name}: the nuspec's URL {url!r} points nowhere a user can follow")
    print(f"{os.path.basename(found[0])}: {len(files)} files, " + ("ok" if not errors else f"{len(errors)} problems"))
    return errors


def main():
    artifacts, projects = sys.argv[1], sys.argv[2:]
    errors = [e for p in projects for e in check(artifacts, p)]
    for e in errors:
        print("error: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
