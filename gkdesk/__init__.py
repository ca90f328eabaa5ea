"""gkdesk — 政务公开任务台."""

__version__ = "0.1.0"
APP_NAME = "gkdesk"
APP_TITLE = "政务公开任务台"
