"""The public site: snapshot → site app (pages and URL generators) → Frozen-Flask → store.

Read in pipeline order: `content` and `snapshot` (what the site shows), `markup` (staff
Markdown to safe HTML), `site` (the Flask app Frozen-Flask freezes), `build` (the Freezer and
what makes it fast), `store` (build folders and the atomic switch), `publisher` (the one
operation a queue worker and the CLI run), `history` (a publish's record and the queue job
that carries it), `search` (Pagefind over a finished build).
"""
