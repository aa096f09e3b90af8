"""Queries over the fact tables: the policy register, financing rounds and indicator series."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from jiance.period import date_bounds


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_policies(
    conn: sqlite3.Connection,
    *,
    title: str | None = None,
    issuer: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    province: str | None = None,
    sector: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Distinct documents of the register with how many items name them and where first seen."""
    where, params = [], []
    if title:
        where.append("p.title LIKE ? ESCAPE '\\'")
        params.append(_like(title))
    if issuer:
        where.append("p.issuer LIKE ? ESCAPE '\\'")
        params.append(_like(issuer))
    if date_from:
        where.append("COALESCE(p.date, i.date_end) >= ?")
        params.append(date_bounds(date_from)[0])
    if date_to:
        where.append("COALESCE(p.date, i.date_start) <= ?")
        params.append(date_bounds(date_to)[1])
    for facet, value in (("province", province), ("sector", sector)):
        if value:
            where.append(
                "p.id IN (SELECT ip.policy_id FROM item_policies ip JOIN item_facets f ON f.item_id=ip.item_id"
                " WHERE f.facet=? AND (f.value=? OR f.value LIKE ? || '%'))"
            )
            params.extend([facet, value, value])
    sql = (
        "SELECT p.id, p.title, p.issuer, p.doc_number, COALESCE(p.date, i.date) AS date, p.kind,"
        " (SELECT COUNT(*) FROM item_policies ip WHERE ip.policy_id=p.id) AS mentions,"
        " d.name AS doc, i.line AS line"
        " FROM policies p LEFT JOIN items i ON i.id=p.first_item_id LEFT JOIN documents d ON d.id=i.doc_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY COALESCE(p.date, i.date) IS NULL, COALESCE(p.date, i.date), p.id LIMIT ?"
    )
    params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


def list_financing(
    conn: sqlite3.Connection,
    *,
    company: str | None = None,
    round_: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    where, params = [], []
    if company:
        where.append("f.company LIKE ? ESCAPE '\\'")
        params.append(_like(company))
    if round_:
        where.append("f.round LIKE ? ESCAPE '\\'")
        params.append(_like(round_))
    if date_from:
        where.append("i.date_end >= ?")
        params.append(date_bounds(date_from)[0])
    if date_to:
        where.append("i.date_start <= ?")
        params.append(date_bounds(date_to)[1])
    sql = (
        "SELECT f.company, f.round, f.value, f.currency, f.amount_text, f.investors, i.date, d.name AS doc,"
        " i.line FROM financing f JOIN items i ON i.id=f.item_id JOIN documents d ON d.id=i.doc_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY i.date_start IS NULL, i.date_start, f.id LIMIT ?"
    )
    params.append(limit)
    rows = []
    for r in conn.execute(sql, params):
        row = dict(r)
        row["investors"] = json.loads(row["investors"])
        rows.append(row)
    return rows


def indicator_series(
    conn: sqlite3.Connection, name: str, subject: str | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """Values of an indicator by period; `name` matches the normalised series name or the name as written."""
    where = ["(s.series_name = ? OR s.name LIKE ? ESCAPE '\\')"]
    params: list[Any] = [name, _like(name)]
    if subject:
        where.append("s.series_subject = ?")
        params.append(subject)
    sql = (
        "SELECT s.series_name, s.series_subject, s.name, s.period, s.value, s.unit, s.change, s.change_unit,"
        " s.change_kind, s.text, d.name AS doc, i.line FROM indicators s JOIN items i ON i.id=s.item_id"
        " JOIN documents d ON d.id=i.doc_id WHERE "
        + " AND ".join(where)
        + " ORDER BY s.series_name, s.series_subject, s.period LIMIT ?"
    )
    params.append(limit)
    return [dict(r) for r in conn.execute(sql, params)]


def indicator_names(conn: sqlite3.Connection, limit: int = 200) -> list[dict[str, Any]]:
    sql = (
        "SELECT series_name, series_subject, COUNT(*) AS n, MIN(period) AS first, MAX(period) AS last"
        " FROM indicators GROUP BY series_name, series_subject ORDER BY n DESC LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, (limit,))]
