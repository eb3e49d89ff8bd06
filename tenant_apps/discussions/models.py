"""Discussions with replies, and news posts, inside groups."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenant_apps.groups.models import GroupContent


class Discussion(GroupContent):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))  # sanitised HTML
    reply_count = models.PositiveIntegerField(default=0)
    last_reply_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "deleted_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class Reply(GroupContent):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("text"))  # sanitised HTML

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"reply to {self.discussion}"


class NewsPost(GroupContent):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))  # sanitised HTML

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "deleted_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title
