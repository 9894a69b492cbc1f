#!/usr/bin/env python3
"""Summarizes a delay-proxy.py request log: requests per service (and in how many regions), optionally per
operation, and optionally a timeline of arrivals, to see the waves of calls a run makes.
Usage: proxy-log-summary.py LOG [--operations] [--timeline MS]
  --operations   also count per service and operation (REST calls by method and path; S3's by subresource)
  --timeline MS  arrivals per MS-millisecond slice since the first request, with the services in each
"""
import argparse
import collections
import urllib.parse


def operation(method, path, service, op):
    """The logged operation, or for REST calls the method and path (for S3, the subresources instead)."""
    if op != "-":
        return op
    parts = urllib.parse.urlsplit(path)
    if service != "s3":
        return method + " " + parts.path
    subresources = sorted(k for k, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    return method + (" ?" + "&".join(subresources) if subresources else "")


def log_lines(path, columns):
    """The fields of each line of a proxy log with at least this many columns (delay-proxy.py writes eight:
    arrival, method, path, region, service, operation, status, milliseconds; delay-proxy-keys.py adds the
    access key id), so a line cut short by a run's end is skipped."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= columns:
                yield fields


def main():
    parser = argparse.ArgumentParser(description=__doc__[:__doc__.index("Usage:")],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", metavar="LOG", help="a request log of delay-proxy.py (or delay-proxy-keys.py)")
    parser.add_argument("--operations", action="store_true",
                        help="also count per service and operation (REST calls by method and path; S3's by "
                             "subresource)")
    parser.add_argument("--timeline", type=float, metavar="MS",
                        help="arrivals per MS-millisecond slice since the first request, with the services in each")
    args = parser.parse_args()
    if args.timeline is not None and args.timeline <= 0:
        parser.error(f"--timeline wants a positive number of milliseconds, not '{args.timeline:g}'")

    rows = []
    try:
        for fields in log_lines(args.log, 8):
            arrival, method, path, region, service, op, status, _ = fields[:8]
            rows.append((float(arrival), method, path, region, service, op, status))
    except OSError as e:
        parser.error(f"cannot read LOG '{args.log}': {e.strerror}")
    if not rows:
        print("no requests logged")
        return
    rows.sort()
    per_service = collections.Counter(r[4] for r in rows)
    regions = collections.defaultdict(set)
    errors = collections.Counter()
    for r in rows:
        regions[r[4]].add(r[3])
        if not r[6].startswith("2"):
            errors[r[4]] += 1
    span = rows[-1][0] - rows[0][0]
    print("%d requests over %.2f s (first to last arrival)" % (len(rows), span))
    print("%-14s %8s %8s %8s" % ("SERVICE", "REQUESTS", "REGIONS", "NOT_2XX"))
    for service, count in per_service.most_common():
        print("%-14s %8d %8d %8d" % (service, count, len(regions[service]), errors[service]))

    if args.operations:
        per_op = collections.Counter((r[4], operation(r[1], r[2], r[4], r[5])) for r in rows)
        print()
        print("%-14s %-40s %8s" % ("SERVICE", "OPERATION", "REQUESTS"))
        for (service, op), count in sorted(per_op.items(), key=lambda item: (item[0][0], -item[1])):
            print("%-14s %-40s %8d" % (service, op, count))

    if args.timeline:
        width = args.timeline / 1000.0
        slices = collections.defaultdict(collections.Counter)
        for r in rows:
            slices[int((r[0] - rows[0][0]) / width)][r[4]] += 1
        print()
        print("%-9s %8s  %s" % ("T+S", "ARRIVALS", "SERVICES"))
        for index in range(max(slices) + 1):
            counts = slices.get(index, collections.Counter())
            print("%-9.2f %8d  %s" % (index * width, sum(counts.values()),
                                      " ".join("%s:%d" % item for item in counts.most_common())))


if __name__ == "__main__":
    main()
