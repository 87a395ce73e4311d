#!/usr/bin/env python3
"""How often apply.py agrees with `gateway-mapper normalize` on the rows of a log database.

  python3 agreement.py DB GATEWAY_MAPPER_BINARY

Every mapped row of DB (an SQLite log database the job has run on) is normalized by the binary
(`normalize --model M --jsonl`, model by model) and by apply.py with the key's stored field map;
prints the share of rows that agree on every field and per field group, and the rows that differ.
Python 3 standard library only.
"""
import json
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apply  # noqa: E402


def main(database, binary):
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    maps = {(m, e): json.loads(f) for m, e, f in con.execute("SELECT model, endpoint, field_map FROM model_mappings")}
    total, whole, groups, differing = 0, 0, {g: 0 for g in apply.FIELD_GROUPS}, {}
    for model in sorted({m for m, _ in maps}):
        lines = subprocess.run([binary, "normalize", "--db", database, "--model", model, "--jsonl", "--limit", "10000000"],
                               capture_output=True, text=True, check=False).stdout.splitlines()
        for line in map(json.loads, lines):
            row = con.execute("SELECT target_url, model, status, request_body, response_body FROM request_logs WHERE id = ?",
                              (line["log.id"],)).fetchone()
            target, logged, status, request, response = row
            field_map = maps[(line["gateway.key.model"], line["gateway.key.endpoint"])]
            try:
                got = apply.normalize(field_map, None if request is None else bytes(request),
                                      None if response is None else bytes(response), status, target, logged)
            except Exception as error:  # a crash is a difference
                got = {"(crash)": repr(error)}
            diff = apply.differences(got, line["record"])
            total += 1
            whole += not diff
            for group, keys in apply.FIELD_GROUPS.items():
                groups[group] += not any(k in diff for k in keys) and "(crash)" not in got
            for key in diff:
                differing.setdefault(key, []).append(line["log.id"])
    if not total:
        print(f"no mapped rows in {database}; run 'gateway-mapper run --db {database}' first", file=sys.stderr)
        return 66
    print(f"{total} rows; every field agrees on {whole} ({100.0 * whole / total:.2f}%)")
    for group, ok in groups.items():
        print(f"  {group}: {ok} of {total} ({100.0 * ok / total:.2f}%)")
    for key, ids in sorted(differing.items()):
        print(f"  differs on {key}: {len(ids)} rows, e.g. ids {ids[:5]}")
    return 0 if whole == total else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1], sys.argv[2]))
