"""The Spark-native evaluator's ruleset reader and number format (awsgluedq/native.py), without Spark: the rule names
it gives are Deequ's (tests/data-quality-engines.spec.ts compares the evaluations on Spark)."""

import pytest
from awsgluedq import native


def test_rules_are_named_as_deequ_names_them():
    rules = native.parse(
        'Rules = [\n    RowCount between 1 and 10,\n    ColumnValues "zone" in ["a","b"],\n'
        '    (IsComplete "email") and ((ColumnValues "v" >= 0) or (IsUnique "id")),\n'
        '    CustomSql "select id from primary" with threshold > 0.9\n]'
    )
    assert [r.text for r in rules] == [
        "RowCount between 1 and 10",
        'ColumnValues "zone" in ["a","b"]',
        '(IsComplete "email") AND ((ColumnValues "v" >= 0) OR (IsUnique "id"))',
        'CustomSql "select id from primary" with threshold > 0.9',
    ]
    assert [r.type for r in rules] == ["RowCount", "ColumnValues", "and", "CustomSql"]
    assert rules[0].compared.holds(5) and not rules[0].compared.holds(10)  # between excludes its bounds, as Deequ
    assert [leaf.text for leaf in native._leaves(rules[2])] == [
        'IsComplete "email"',
        'ColumnValues "v" >= 0',
        'IsUnique "id"',
    ]


def test_a_rule_type_without_an_evaluator_is_refused_naming_it_and_the_ones_there_are():
    with pytest.raises(
        native.RulesetError,
        match=r"rule type Mean has no evaluator .*ColumnDataType, ColumnExists.*on Glue 5\.1 or 5\.0",
    ):
        native.parse('Rules = [ Mean "x" > 1 ]')
    with pytest.raises(native.RulesetError, match=r"RowCount has no condition"):
        native.parse("Rules = [ RowCount ]")
    with pytest.raises(native.RulesetError, match=r"expected \] in the ruleset, found 'IsComplete'"):
        native.parse('Rules = [ RowCount > 0 IsComplete "x" ]')


def test_numbers_are_shown_as_java_shows_doubles():
    shown = [native.java_double(v) for v in (0.75, 3.0, -2.0, 0.0, 1 / 3, 1.5e7, 1e-4, 12345678.0, 0.001)]
    assert shown == ["0.75", "3.0", "-2.0", "0.0", "0.3333333333333333", "1.5E7", "1.0E-4", "1.2345678E7", "0.001"]
