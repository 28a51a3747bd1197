"""Background work (pekerjaan latar belakang) on a Huey queue.

A web request never works in the background itself: it records a `DataJob` and enqueues it
(`records.enqueue`). A consumer (`loket worker`, started beside the web server by `loket
run`) takes it from the queue and runs the job's operation (`operations.OPERATIONS`): an
import's check or commit, a list export, a BPJS batch file, a publish of the public site.

- `queue`: the Huey instance and where its queue lives (SQLite file, PostgreSQL or Redis).
- `records`: a job's life: queued, claimed by one worker, finished under that claim, taken
  back when its worker stops beating.
- `job_files`: a job's files, kept in the database so every machine reaches them.
- `imports`, `exports`, `batches`, `publishing`: the operations.
- `consumer`: the worker process with its heartbeat; `periodic`: work run on a clock.
"""
