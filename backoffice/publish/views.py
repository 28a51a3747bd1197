"""The public site's pages, one function each; the URL rules are declared in `RULES`."""

import json

from flask import Flask, Response, abort, render_template, url_for

from backoffice.models.surveys import SURVEY_ELEMENTS
from backoffice.publish import schedule
from backoffice.publish.content import faq_topics
from backoffice.publish.data import OfficeInfo
from backoffice.publish.site import SITE_NAME, link, site_data

CHECKLIST_HINT = "Centang setiap berkas yang sudah Anda siapkan sebelum datang ke loket."


def _office(slug: str) -> OfficeInfo:
    office = site_data().office(slug)
    if office is None:
        abort(404)
    return office


def index():
    data = site_data()
    return render_template("index.html", offices=data.offices, about=data.page("pages/tentang.md"))


def office_home(office: str):
    office_info = _office(office)
    data = site_data()
    return render_template(
        "office.html",
        office=office_info,
        status=schedule.status_sentence(office_info, data.built_at),
        hours=schedule.weekly_hours(office_info),
        zone=schedule.zone_name(office_info),
        has_faq=data.page(f"faq/{office}.md") is not None,
    )


def service(office: str, service: str):
    office_info = _office(office)
    info = site_data().service(office, service) or abort(404)
    standard = site_data().standard(info.standard_id)
    return render_template(
        "service.html",
        office=office_info,
        service=info,
        standard=standard,
        free=is_free(standard.components[3][2]),
        zone=schedule.zone_name(office_info),
        hours=schedule.weekly_hours(office_info),
    )


def checklist(office: str, service: str):
    office_info = _office(office)
    info = site_data().service(office, service) or abort(404)
    site_data().standard(info.standard_id)
    return render_template(
        "checklist.html",
        office=office_info,
        service=info,
        hint=CHECKLIST_HINT,
        hours=schedule.weekly_hours(office_info),
    )


def faq(office: str):
    office_info = _office(office)
    page = site_data().page(f"faq/{office}.md") or abort(404)
    return render_template("faq.html", office=office_info, page=page, topics=faq_topics(page.body))


def maklumat(office: str):
    office_info = _office(office)
    page = site_data().page("maklumat.md") or abort(404)
    return render_template("maklumat.html", office=office_info, page=page)


def quota(office: str):
    office_info = _office(office)
    return render_template("quota.html", office=office_info)


def ikm(office: str):
    office_info = _office(office)
    if office_info.survey is None:
        abort(404)
    return render_template(
        "ikm.html", office=office_info, result=office_info.survey, elements=SURVEY_ELEMENTS
    )


def page(slug: str):
    content = site_data().page(f"pages/{slug}.md") or abort(404)
    return render_template("page.html", page=content, offices=site_data().offices)


def search():
    return render_template("search.html", offices=site_data().offices)


def search_data():
    """The small index the search page falls back on where Pagefind cannot load (file://)."""
    entries = [
        {
            "t": s.name,
            "u": link("service", office=s.office_slug, service=s.slug).removeprefix("../"),
            "o": office.short_name,
            "k": f"{s.kind_label} {s.product}",  # no details: they are read per standard
        }
        for office in site_data().offices
        for s in office.services
    ]
    body = "window.LOKET_SEARCH = " + json.dumps(entries, ensure_ascii=False) + ";\n"
    return Response(body, mimetype="text/javascript")


def not_found():
    return render_template("404.html")


def sitemap():
    return Response(render_template("sitemap.xml", urls=sitemap_urls()), mimetype="application/xml")


def sitemap_urls() -> list[str]:
    data = site_data()
    urls = [url_for("index"), url_for("search")]
    for office in data.offices:
        urls.append(url_for("office_home", office=office.slug))
        urls += [url_for("service", office=office.slug, service=s.slug) for s in office.services]
    return urls


def is_free(fee_text: str) -> bool:
    text = fee_text.lower()
    return "gratis" in text or "tidak dipungut" in text


def not_found_handler(error):
    return render_template("404.html"), 404


# (rule, view): the site's whole URL map; directories end in "/" and become index.html.
RULES = [
    ("/", index),
    ("/cari/", search),
    ("/cari/data.js", search_data),
    ("/404.html", not_found),
    ("/sitemap.xml", sitemap),
    ("/halaman/<slug>/", page),
    ("/<office>/", office_home),
    ("/<office>/faq/", faq),
    ("/<office>/maklumat/", maklumat),
    ("/<office>/kuota/", quota),
    ("/<office>/ikm/", ikm),
    # Service pages are files, not folders: thousands of folders cost more to create (and to
    # link into a rebuild) than the pages themselves.
    ("/<office>/layanan/<service>.html", service),
    ("/<office>/persyaratan/<service>.html", checklist),
]


def register(app: Flask) -> None:
    for rule, view in RULES:
        app.add_url_rule(rule, view.__name__, view)
    app.register_error_handler(404, not_found_handler)
    app.jinja_env.globals["site_title"] = SITE_NAME
