"""The local EvaluateDataQuality's option checks, which run before the engine is called (no Deequ needed).
Rule evaluation itself is covered on real Spark with Deequ by tests/data-quality-spark.spec.ts."""

import pytest
from awsgluedq.transforms import EvaluateDataQuality

RULESET = "Rules = [ RowCount > 0 ]"


def test_an_unknown_caching_mode_is_refused_with_the_accepted_ones(frame):
    with pytest.raises(ValueError, match=r"performanceTuning.caching is 'CACHE_ALL'.*CACHE_INPUT.*CACHE_NOTHING"):
        EvaluateDataQuality().process_rows(
            frame=frame, ruleset=RULESET, additional_options={"performanceTuning.caching": "CACHE_ALL"}
        )


def test_an_option_that_would_change_outcomes_locally_is_refused(frame):
    with pytest.raises(NotImplementedError, match="compositeRuleEvaluation.method"):
        EvaluateDataQuality().process_rows(
            frame=frame, ruleset=RULESET, additional_options={"compositeRuleEvaluation.method": "ROW"}
        )


def test_without_the_engine_on_the_classpath_the_error_says_how_to_add_it(frame):
    with pytest.raises(RuntimeError, match=r"not on this Spark session's classpath.*awsgluedq.engine.spark_conf"):
        EvaluateDataQuality().process_rows(frame=frame, ruleset=RULESET)
