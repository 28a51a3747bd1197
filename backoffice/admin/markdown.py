"""The live preview of Markdown fields: what a text becomes on the public site.

Every Markdown field of the back-office carries `data-markdown-preview`; the static script
`markdown-preview.js` (no inline script: the CSP forbids them) posts the text here as the
officer types and shows the answer beside the field. Login and the CSRF token are required
(the token travels in the X-CSRFToken header, which the app-wide CSRFProtect checks).
"""

from flask import current_app, request
from flask_admin import BaseView, expose

from backoffice.admin.access import AccessMixin, needs
from backoffice.publish.markup import RenderCache

MAX_TEXT = 200_000  # characters: far above any standard's component


class MarkdownPreviewView(AccessMixin, BaseView):
    area = "standards"  # every staff role may read standards, and so preview their text

    def is_visible(self):
        return False  # an endpoint for the script, not a menu item

    @expose("/", methods=["POST"])
    @needs("read")
    def index(self):
        html = RenderCache().render(request.form.get("text", "")[:MAX_TEXT])
        response = current_app.response_class(str(html), mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        return response
