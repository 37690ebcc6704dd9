"""The two start-up caches of lakehouse/spark_session.py: the recorded Ivy resolution, and the JVM class archive
(lakehouse/class_archive.py). Both must fall back to the slow, always-correct path when what they recorded is gone."""

from pathlib import Path

from lakehouse import class_archive, spark_session

PACKAGES = {
    "spark.jars.packages": "com.example:lib:1.0",
    "spark.jars.excludes": "com.example:other",
    "spark.jars.ivy": "",
    "spark.sql.catalog.x": "kept",
}


def _libraries(ivy: Path) -> dict:
    return {**PACKAGES, "spark.jars.ivy": str(ivy)}


def test_a_first_start_resolves_packages_and_says_where_to_record_them(tmp_path):
    libraries, record = spark_session._with_recorded_resolution(_libraries(tmp_path))
    assert libraries["spark.jars.packages"] == "com.example:lib:1.0"
    assert record is not None and record.parent == tmp_path / "lakehouse-resolved"


def test_a_recorded_resolution_becomes_spark_jars_and_skips_ivy(tmp_path):
    jars = [tmp_path / "a.jar", tmp_path / "b.jar"]
    for jar in jars:
        jar.write_bytes(b"PK")
    _, record = spark_session._with_recorded_resolution(_libraries(tmp_path))
    record.parent.mkdir(parents=True)
    record.write_text("\n".join(map(str, jars)) + "\n")
    libraries, unrecorded = spark_session._with_recorded_resolution(_libraries(tmp_path))
    assert unrecorded is None
    assert libraries == {"spark.sql.catalog.x": "kept", "spark.jars": ",".join(map(str, jars))}


def test_a_record_naming_a_missing_jar_resolves_again(tmp_path):
    _, record = spark_session._with_recorded_resolution(_libraries(tmp_path))
    record.parent.mkdir(parents=True)
    record.write_text(f"{tmp_path / 'gone.jar'}\n")
    libraries, unrecorded = spark_session._with_recorded_resolution(_libraries(tmp_path))
    assert unrecorded == record and "spark.jars.packages" in libraries


def test_other_packages_have_their_own_record(tmp_path):
    _, deequ = spark_session._with_recorded_resolution(_libraries(tmp_path))
    _, both = spark_session._with_recorded_resolution(
        {**_libraries(tmp_path), "spark.jars.packages": "com.example:lib:1.0,org.example:iceberg:1.7"}
    )
    assert deequ != both


def test_no_class_archive_means_no_jvm_option(tmp_path, monkeypatch):
    monkeypatch.setattr(class_archive.sys, "prefix", str(tmp_path))
    assert class_archive.archive_path().parent == tmp_path / "spark-class-archive"
    assert class_archive.java_options() == ""


def test_an_archive_for_this_java_and_pyspark_is_mapped_quietly(tmp_path, monkeypatch):
    monkeypatch.setattr(class_archive.sys, "prefix", str(tmp_path))
    archive = class_archive.archive_path()
    archive.parent.mkdir(parents=True)
    archive.write_bytes(b"archive")
    assert class_archive.java_options() == f"-XX:SharedArchiveFile={archive} {class_archive.USE_OPTIONS}"


def test_the_archive_is_named_after_the_java_binary(tmp_path, monkeypatch):
    monkeypatch.setattr(class_archive.sys, "prefix", str(tmp_path))
    this_java = class_archive.archive_path()
    other = tmp_path / "other-jdk" / "bin"
    other.mkdir(parents=True)
    (other / "java").write_text("#!/bin/sh\n")
    monkeypatch.setenv("JAVA_HOME", str(other.parent))
    assert class_archive.archive_path() not in (None, this_java)


def test_an_archive_of_another_install_leaves_this_one_missing(tmp_path, monkeypatch):
    """A new JDK or pyspark gets its own archive: the old one must not count as this install's."""
    monkeypatch.setattr(class_archive.sys, "prefix", str(tmp_path))
    class_archive.directory().mkdir(parents=True)
    (class_archive.directory() / "spark-0000000000000000.jsa").write_bytes(b"another install's")
    assert class_archive.status() == "missing"
    class_archive.failure_note(class_archive.archive_path()).write_text("the training run failed")
    assert class_archive.status() == "failed"
