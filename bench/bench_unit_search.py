"""The unit-name subquery of a short search term, old JOIN vs unit-index plan, on 100,000 tasks.

In process, in-memory SQLite, 7 alternating pairs; prints medians, min-max and the ratio."""
import sqlite3, time, random, statistics
random.seed(16)
db = sqlite3.connect(":memory:")
db.executescript("""CREATE TABLE units(id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE tasks(id INTEGER PRIMARY KEY, text TEXT);
CREATE TABLE task_units(task_id INTEGER, unit_id INTEGER, role TEXT, PRIMARY KEY(task_id, unit_id, role));
CREATE INDEX task_units_unit ON task_units(unit_id);""")
names = [f"区第{i}局" for i in range(76)] + ["石林镇", "关坝镇", "各镇街", "区政府各部门"]
db.executemany("INSERT INTO units VALUES(?,?)", list(enumerate(names, 1)))
db.executemany("INSERT INTO tasks VALUES(?,?)", [(i, "推进政务公开标准化规范化建设工作" * 3) for i in range(1, 100001)])
db.executemany("INSERT OR IGNORE INTO task_units VALUES(?,?,?)", [(t, random.randint(1, 80), "lead") for t in range(1, 100001) for _ in range(3)])
old = "SELECT count(*) FROM tasks t WHERE t.id IN (SELECT tu.task_id FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE u.name LIKE ?)"
new = "SELECT count(*) FROM tasks t WHERE t.id IN (SELECT tu.task_id FROM task_units tu WHERE tu.unit_id IN (SELECT id FROM units WHERE name LIKE ?))"
res = {"old": [], "new": []}
for _ in range(7):
    for k, q in (("old", old), ("new", new)):
        t = time.perf_counter(); n = db.execute(q, ("%镇%",)).fetchone()[0]; res[k].append(time.perf_counter() - t)
for k, v in res.items(): print(k, n, f"median {statistics.median(v)*1000:.1f} ms  min-max {min(v)*1000:.1f}-{max(v)*1000:.1f}")
print("ratio new/old", statistics.median(res["new"]) / statistics.median(res["old"]))
