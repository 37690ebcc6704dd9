"""The five STEDI jobs as plain SQL in DuckDB: the single-node floor the Spark pipeline is compared with.

Each job reads its inputs from files (JSON lines for landing, Parquet for the rest), and writes Parquet,
as the Glue jobs do, so the figures are comparable per job. Usage:
    python bench/duckdb_pipeline.py LANDING_DIR OUT_DIR [standard|strict]  → JSON {"jobs": [...], "tables": {...}}
"""

import json
import sys
import time

import duckdb

LANDING = {
    "customer": {
        "serialNumber": "VARCHAR",
        "shareWithPublicAsOfDate": "BIGINT",
        "birthDay": "VARCHAR",
        "registrationDate": "BIGINT",
        "shareWithResearchAsOfDate": "BIGINT",
        "customerName": "VARCHAR",
        "email": "VARCHAR",
        "lastUpdateDate": "BIGINT",
        "phone": "VARCHAR",
        "shareWithFriendsAsOfDate": "BIGINT",
    },
    "accelerometer": {"user": "VARCHAR", "timestamp": "BIGINT", "x": "DOUBLE", "y": "DOUBLE", "z": "DOUBLE"},
    "step_trainer": {"sensorReadingTime": "BIGINT", "serialNumber": "VARCHAR", "distanceFromObject": "INTEGER"},
}
PII = {"serialnumber", "birthday", "customername", "email", "phone", "user"}


def landing(entity, landing_dir):
    columns = ", ".join(f"'{k}': '{t}'" for k, t in LANDING[entity].items())
    select = ", ".join(f'"{k}" AS {k.lower()}' for k in LANDING[entity])
    files = f"{landing_dir}/{entity}/landing/*.json"
    return f"(SELECT {select} FROM read_json('{files}', format='newline_delimited', columns={{{columns}}}))"


def jobs(landing_dir, out, privacy):
    def table(name):
        return f"read_parquet('{out}/{name}/*.parquet')"

    consent = " AND a.timestamp >= c.sharewithresearchasofdate" if privacy == "strict" else ""
    ml_columns = "s.sensorreadingtime, s.serialnumber, s.distancefromobject, a.user, a.timestamp, a.x, a.y, a.z"
    if privacy == "strict":
        ml_columns = ", ".join(c for c in ml_columns.split(", ") if c.split(".")[1] not in PII)
    return [
        (
            "customer_landing_to_trusted",
            "customer_trusted",
            f"SELECT * FROM {landing('customer', landing_dir)} WHERE sharewithresearchasofdate IS NOT NULL",
        ),
        (
            "accelerometer_landing_to_trusted",
            "accelerometer_trusted",
            f"SELECT a.* FROM {landing('accelerometer', landing_dir)} a "
            f"SEMI JOIN {table('customer_trusted')} c ON a.user = c.email{consent}",
        ),
        (
            "customer_trusted_to_curated",
            "customer_curated",
            f"SELECT c.* FROM {table('customer_trusted')} c "
            f"SEMI JOIN {table('accelerometer_trusted')} a ON c.email = a.user",
        ),
        (
            "step_trainer_landing_to_trusted",
            "step_trainer_trusted",
            f"SELECT s.* FROM {landing('step_trainer', landing_dir)} s "
            f"SEMI JOIN {table('customer_curated')} c ON s.serialnumber = c.serialnumber",
        ),
        (
            "machine_learning_curated",
            "machine_learning_curated",
            f"SELECT {ml_columns} FROM {table('step_trainer_trusted')} s "
            f"JOIN {table('accelerometer_trusted')} a ON s.sensorreadingtime = a.timestamp",
        ),
    ]


def run(landing_dir, out, privacy="standard"):
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    start_seconds = time.perf_counter() - started
    results, counts = [], {}
    for name, target, query in jobs(landing_dir, out, privacy):
        t0 = time.perf_counter()
        con.execute(
            f"COPY ({query}) TO '{out}/{target}' (FORMAT parquet, PER_THREAD_OUTPUT true, OVERWRITE_OR_IGNORE true)"
        )
        results.append({"name": name, "seconds": time.perf_counter() - t0})
        counts[target] = con.execute(f"SELECT count(*) FROM read_parquet('{out}/{target}/*.parquet')").fetchone()[0]
    return {"startup_seconds": start_seconds, "jobs": results, "tables": counts}


if __name__ == "__main__":
    landing_dir, out = sys.argv[1], sys.argv[2]
    print(json.dumps(run(landing_dir, out, sys.argv[3] if len(sys.argv) > 3 else "standard")))
