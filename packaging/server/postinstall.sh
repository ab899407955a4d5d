#!/bin/sh
# The server runs as its own system user; its config (which holds the identity
# provider's client secret) is readable by that user's group only.
set -e
if ! getent group marketdesk >/dev/null; then
  groupadd --system marketdesk
fi
if ! getent passwd marketdesk >/dev/null; then
  useradd --system --gid marketdesk --home-dir /nonexistent --no-create-home \
    --shell /usr/sbin/nologin --comment "Marketdesk organization server" marketdesk
fi
chgrp marketdesk /etc/marketdesk/server.json
chmod 0640 /etc/marketdesk/server.json
# Not enabled here: the config needs the organization's own values first
# (docs/server.md); then systemctl enable --now marketdesk-server.
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
