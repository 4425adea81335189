"""Handlers the job tests queue; a real worker imports them by their dotted path."""


def count_to(job):
    total = job.params["n"]
    for i in range(1, total + 1):
        job.report_progress(i, total)
    return {"counted": total}


def explode(job):
    raise RuntimeError("boom")
