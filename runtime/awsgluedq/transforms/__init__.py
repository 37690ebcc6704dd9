"""`from awsgluedq.transforms import EvaluateDataQuality`, as in Glue Studio's scripts."""

from awsgluedq.transforms.evaluate_data_quality import EvaluateDataQuality

__all__ = ["EvaluateDataQuality"]
