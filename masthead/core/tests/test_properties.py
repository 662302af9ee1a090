"""Property-based tests (hypothesis) of what reads text from outside: CSV files for the two
importers, dates in CSV cells, search queries, signed links, page numbers. Whatever comes in,
the answer is a result or a clear error, never a crash."""

import csv
import io
import re
from datetime import date, datetime

import pytest
from django.http import Http404
from django.test import RequestFactory
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from masthead.core.csv_files import cell_safe, csv_read, moment_parse
from masthead.discovery.search import search_terms
from masthead.membership.imports import members_import_check
from masthead.newsletters import tokens
from masthead.newsletters.imports import subscribers_import_check
from masthead.newsroom.queries import page_number
from masthead.newsroom.readtime import read_minutes

# No example database in the working tree; enough examples to find the odd byte.
quick = settings(max_examples=200, database=None, deadline=None)
with_db = settings(
    max_examples=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
cell = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r"))


@quick
@given(st.binary(max_size=2_000))
def test_any_bytes_are_read_or_refused_with_a_reason(data):
    result = csv_read(data, required={"email"}, max_rows=50)
    assert result.rows or result.errors
    assert all(line >= 0 and message for line, message in result.errors)
    assert all(line >= 2 for line, _ in result.rows)


@quick
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=20))
@example([("", "'=")])  # text that looks escaped is escaped again, so it reads back as it was
def test_what_a_spreadsheet_writes_is_read_back_unchanged(rows):
    """Cells written as Masthead's exports write them (formula-looking text escaped with a
    leading ') read back as they were."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Email", "Name"])
    writer.writerows([[cell_safe(value) for value in row] for row in rows])
    result = csv_read(buffer.getvalue().encode(), required={"email"}, max_rows=100)
    assert result.errors == []
    assert [(row["email"], row["name"]) for _, row in result.rows] == rows


@quick
@given(cell)
def test_a_date_cell_is_a_moment_nothing_or_a_clear_error(value):
    try:
        moment = moment_parse(value)
    except ValueError as error:
        assert str(error)
        return
    assert moment is None or (isinstance(moment, datetime) and moment.tzinfo is not None)


@quick
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_an_iso_date_is_that_day(day):
    assert moment_parse(day.isoformat()).date() == day


@quick
@given(st.text(max_size=500))
def test_search_terms_are_words_only(query):
    terms = search_terms(query)
    assert len(terms) <= 20
    assert all(re.fullmatch(r"\w+", term) for term in terms)


@quick
@given(st.text(max_size=2_000), st.text(max_size=2_000))
def test_reading_time_is_at_least_a_minute_and_grows_with_words(first, second):
    assert 1 <= read_minutes(first) <= read_minutes(first, second)


@quick
@given(st.text(max_size=300))
def test_a_forged_or_damaged_link_is_refused(token):
    assert tokens.subscriber_read(token) is None or token.count(":") >= 2
    assert tokens.confirm_read(token) is None or token.count(":") >= 2


@quick
@given(st.integers(min_value=1, max_value=2**40), st.none() | st.integers(min_value=1))
def test_a_signed_link_reads_back(subscriber_id, newsletter_id):
    token = tokens.subscriber_token(subscriber_id=subscriber_id, newsletter_id=newsletter_id)
    assert tokens.subscriber_read(token) == (subscriber_id, newsletter_id)
    assert tokens.subscriber_read(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


@quick
@given(st.text(max_size=12))
@example("²")  # a digit to str.isdigit(), not to int(): found by this test
@example("0")
def test_a_page_number_is_a_number_or_not_found(raw):
    request = RequestFactory().get("/", {"page": raw})
    try:
        number = page_number(request)
    except Http404:
        return
    assert 1 <= number <= 999_999


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("check", "header"),
    [
        (subscribers_import_check, b"email,newsletters\n"),
        (members_import_check, b"email,tier,interval,status\n"),
    ],
    ids=["subscribers", "members"],
)
@with_db
@given(data=st.binary(max_size=1_500) | cell.map(str.encode))
def test_the_importers_report_instead_of_failing(db, check, header, data):
    report = check(header + data)
    assert report.ok or all(message for _, message in report.errors)
