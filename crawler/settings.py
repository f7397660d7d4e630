"""Scrapy settings of the vn-news-miner crawler: polite by default, mirror by default.

The default target is the bundled mirror (corpus/sites), served on 127.0.0.1
for the crawl; set ``MIRROR_ENABLED=False`` to crawl the real sites.
"""

from __future__ import annotations

BOT_NAME = "vnminer"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves and be polite.
USER_AGENT = "vn-news-miner/0.1 (research crawler of Vietnamese provincial news)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # a news page is far smaller; bigger is not an article
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
TELNETCONSOLE_ENABLED = False  # open no ports beyond what the crawl needs
REMOTE_CONTROL_ENABLED = False

# Retries with backoff; 429/503 honour Retry-After.
RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.WarcArchiveMiddleware": 950,
}
DOWNLOAD_HANDLERS = {
    "http": "crawler.mirror.MirrorDownloadHandler",
    "https": "crawler.mirror.MirrorDownloadHandler",
}
EXTENSIONS = {
    "crawler.mirror.MirrorExtension": 10,
    "crawler.collected.CollectedStore": 20,  # "already collected": spider and pipelines
    "crawler.extensions.CrawlSummary": 500,
}
ITEM_PIPELINES = {
    "pipelines.scrapy_pipelines.ValidatePipeline": 100,
    "pipelines.scrapy_pipelines.DedupPipeline": 200,
    "pipelines.scrapy_pipelines.ExtractPipeline": 300,
    "pipelines.scrapy_pipelines.JsonlExportPipeline": 900,
}

# vn-news-miner settings
MIRROR_ENABLED = True  # serve corpus/sites on 127.0.0.1 and route its hosts there
MIRROR_ROOT = None  # default: corpus/sites of this checkout
MIRROR_URL = None  # an already running mirror, instead of starting one
OUTPUT = "out/articles.jsonl"  # JSONL of records (or of articles with EXTRACT_ENABLED=False)
EXTRACT_ENABLED = True
WARC_PATH = None  # e.g. out/crawl.warc.gz to archive raw responses
# A frontier shared by workers (crawler/frontier.py, docs/scaling.md): unset, one process.
REDIS_URL = None  # e.g. redis://10.0.0.5:6379/0
REDIS_JOB = None  # key prefix vnminer:JOB: (default: the site's name)
REDIS_LEASE = 30.0  # seconds before another worker takes back a silent worker's requests
REDIS_HEARTBEAT = 1.0  # seconds between lease renewals
REDIS_TIMEOUT = 10.0  # socket time-out; a Redis error stops the worker (redis_unavailable)
# Generic crawls (-a url=…): walk the home page's sections and their pagination
# "auto" (when no sitemap lists an article), "always" or "never".
DISCOVERY_LISTINGS = "auto"

# Scrapy's own feed export (-O/-o): Vietnamese as UTF-8, not \u escapes. With -O and no
# OUTPUT on the command line, the feed is the output (the spider unsets OUTPUT).
FEED_EXPORT_ENCODING = "utf-8"

LOG_LEVEL = "INFO"
