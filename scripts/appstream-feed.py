#!/usr/bin/env python3
"""Builds a Marketdesk feed (docs/catalog-feed.md) from the Debian AppStream
(DEP-11) metadata installed on this machine: the real catalog of the
relevance benchmark (make bench, docs/performance.md "Relevance").

Each component becomes a listing: id = its Debian package (the component id
when a package has several), name, summary, description (the English text,
HTML turned into Markdown), categories, keywords and developer. The fields the
format requires but AppStream lacks (scopes, oauth, links, dates) get fixed
placeholders; installs are 0 (Debian ships no popularity), so popularity
plays no part in the figures.

Usage: scripts/appstream-feed.py OUT.json
Needs the DEP-11 files (apt-get install appstream && apt-get update) and
python3-yaml.
"""
import glob, gzip, html, json, re, sys

try:
    import yaml
except ImportError:
    sys.exit("appstream-feed: python3-yaml is missing: sudo apt-get install python3-yaml")

PATTERNS = ["/var/lib/swcatalog/yaml/*.yml.gz", "/var/lib/app-info/yaml/*.yml.gz"]
ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def english(v):
    if isinstance(v, dict):
        return v.get("C") or v.get("en") or v.get("en_US") or v.get("en_GB") or ""
    return v or ""


def markdown(desc):
    """DEP-11 descriptions are a small HTML subset: <p>, <ul>/<ol>, <li>, <em>, <code>."""
    text = re.sub(r"\s+", " ", desc)
    text = re.sub(r"<li>\s*", "\n- ", text)
    text = re.sub(r"</?(p|ul|ol)>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(l.strip() for l in text.splitlines())).strip()


def one_line(s, n):
    s = " ".join(str(s).split())
    return s[:n]


def clean_name(s):
    s = "".join(ch for ch in one_line(s, 80) if ch.isprintable())
    return s or "?"


def listing(c, ident):
    cats = [one_line(x, 40) for x in (c.get("Categories") or []) if len(str(x)) >= 2][:4]
    if not cats:
        cats = [c.get("Type", "generic").replace("-", " ").title()]
    kws = english(c.get("Keywords") or {})
    kws = [one_line(k, 40) for k in (kws if isinstance(kws, list) else []) if str(k).strip()][:20]
    dev = one_line(english(c.get("DeveloperName") or {}), 80) or "Debian"
    desc = markdown(english(c.get("Description") or {})) or one_line(english(c.get("Summary")), 200)
    return {
        "id": ident,
        "name": clean_name(english(c.get("Name"))),
        "developer": {"name": clean_name(dev), "website": "https://www.debian.org/"},
        "summary": one_line(english(c.get("Summary")), 200) or "?",
        "description": desc[:20000],
        "icon": "https://appstream.debian.org/icon.png",
        "categories": cats,
        "keywords": kws,
        "type": "user",
        "scopes": [{"name": "profile", "description": "Your name"}],
        "oauth": {"client_id": ident, "issuer": "https://auth.example.org"},
        "links": {"privacy_policy": "https://www.debian.org/legal/privacy", "terms": "https://www.debian.org/social_contract"},
        "version": "1",
        "published_at": "2023-06-09T00:00:00Z",
        "updated_at": "2023-06-09T00:00:00Z",
    }


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    files = sorted(f for p in PATTERNS for f in glob.glob(p))
    if not files:
        sys.exit("appstream-feed: no AppStream metadata in /var/lib/swcatalog/yaml or /var/lib/app-info/yaml:\n"
                 "  sudo apt-get install appstream && sudo apt-get update")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    comps = []
    seen_files = set()
    for f in files:
        real = __import__("os").path.realpath(f)
        if real in seen_files:
            continue  # app-info links to the same apt lists as swcatalog
        seen_files.add(real)
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            docs = yaml.load_all(fh, Loader=loader)
            next(docs)  # the file header
            comps += [d for d in docs if d and english(d.get("Name")) and english(d.get("Summary"))]
    # The package names the listing when it is the package's only component,
    # or its only application (gimp: the editor, not its data add-on).
    per_package, apps = {}, {}
    for c in comps:
        pkg = c.get("Package", "")
        per_package[pkg] = per_package.get(pkg, 0) + 1
        apps[pkg] = apps.get(pkg, 0) + (c.get("Type") == "desktop-application")
    used, out = set(), []
    for c in comps:
        pkg = str(c.get("Package", ""))
        main = per_package[pkg] == 1 or (apps[pkg] == 1 and c.get("Type") == "desktop-application")
        ident = pkg.lower() if main and ID.match(pkg.lower()) else \
            re.sub(r"[^a-z0-9._-]", "-", str(c["ID"]).lower()).removesuffix(".desktop")[:64]
        if ident in used or not ID.match(ident):
            continue
        used.add(ident)
        out.append(listing(c, ident))
    with open(sys.argv[1], "w", encoding="utf-8") as fh:
        json.dump({"schema_version": 1, "name": "Debian AppStream", "listings": out}, fh, ensure_ascii=False)
    print(f"appstream-feed: {len(out)} listings from {', '.join(sorted(seen_files))}")


main()
