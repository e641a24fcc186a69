"""Vendor token formats added for issue 16, each written from the vendor's documentation (the pages
are named in benchmarks/secrets_outside/*.yaml): package registries, CI/CD, hosting, messaging, AI,
identity, productivity, observability, feature flags, payments and secret managers.

Also the near-miss test the judgement detectors use: a value that carries a vendor's documented
prefix or structural marker is judged by that vendor's format alone, so a truncated or
out-of-alphabet look-alike next to a ``*_TOKEN`` name is not reported as a generic password
either."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from launchgate.checks.secrets import benign, formats
from launchgate.checks.secrets.formats import (
    LOW,
    Detector,
    Validator,
    _json_token,
    _mixed,
    _not_benign,
    _ok,
    _prefixed,
)


def _test_mode(marker: str) -> Validator:
    """A documented test-mode marker in the value (``secret-test-``, ``FLWSECK_TEST-``): reported "
    "low."""

    def check(value: str, line: str, path: str) -> tuple[str, str | None] | None:
        if benign.is_benign_value(value):
            return None
        return _ok("test-mode key", LOW) if marker in value else _ok()

    return check


# (the vendor's words in a name, its exact value) of the contextual formats whose value is hex or a
# UUID: a hex value of another length under such a name is a cut-off copy, no generic password
_CTX_HEX: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
_HEX_ONLY = re.compile(r"^(?:\[a-f0-9\]\{\d+\}\|?)+$")


def _ctx(rule: str, words: str, value: str) -> Detector:
    """A format with no prefix of its own: ``value`` (regex) assigned to a name that holds one of
    ``words`` (regex, the vendor) and says what it is (key, token, secret), e.g. ``DD_API_KEY=<32
    hex>``; a ``DATADOG_SITE`` or ``SPLUNK_INDEX_ID`` is not one. The words are the (folded)
    triggers."""
    pattern = re.compile(
        rf"(?i)(?<![A-Za-z0-9])(?:{words})[\w.-]{{0,30}}?(?:token|key|secret|pat"
        rf"|password)[\w.-]{{0,10}}[\"']?"
        rf"\s{{0,3}}(?::=|=>|=|:)\s{{0,3}}[\"'`]?({value})(?![A-Za-z0-9_\-])"
    )
    triggers = tuple(w.lower() for w in words.split("|") if w.replace("_", "").isalnum())
    first = words.split("|", maxsplit=1)[0]
    if _HEX_ONLY.match(value) or value == _UUID_RE:
        _CTX_HEX.append((re.compile(rf"(?i)(?<![A-Za-z0-9])(?:{words})"),
                         re.compile(rf"^(?:{value})$")))
    return Detector(rule, triggers or (first,), pattern, _not_benign, fold=True)


def _tinybird(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """Tinybird's static tokens carry a base64 JSON document naming the user and the token."""
    doc = formats.b64_json(value[2:].split(".", 1)[0])
    if benign.is_benign_value(value) or doc is None or not {"u", "id"} <= set(doc):
        return None
    return _ok()


def _bearer(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """X bearer tokens open with 21 A's (the format itself): the rest is judged."""
    if benign.inside_data_uri(line, max(0, line.find(value))):
        return None  # signal: zero bytes of an inline image (a PNG's header fields), in CSS
    return None if benign.is_benign_value(value[21:]) else _ok()


_UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# formats with no literal prefix of their own (benchmarks/secrets_outside/*.yaml names the pages):
# Unleash <project>:<environment>.<64 hex>; Asana 2/<user gid>/<app gid>:<32 hex> (older 1/..., 0/);
# Bitwarden Secrets Manager 0.<client id>.<client secret>:<encryption key>; Infisical service
# tokens st.<token id>.<32 hex>.<32 hex>
_UNLEASH = r"(?:\*|[a-z0-9][\w.-]{0,60}):[a-z0-9][\w-]{0,60}\.[a-f0-9]{64}"
_ASANA = r"[12]/\d{6,20}/\d{6,20}:[a-f0-9]{32}|0/[a-f0-9]{32}"
_BITWARDEN = rf"0\.{_UUID_RE}\.[A-Za-z0-9]{{30}}:[A-Za-z0-9+/]{{22}}=="
_INFISICAL = rf"st\.{_UUID_RE}\.[a-f0-9]{{32}}\.[a-f0-9]{{32}}"
# Formats read from each vendor's documentation (benchmarks/secrets_outside/*.yaml names the page).
VENDOR_DETECTORS: tuple[Detector, ...] = (
    # package registries
    _prefixed("secrets.rubygems-token", "rubygems_", r"[a-f0-9]{48}"),
    _prefixed("secrets.nuget-key", "oy2", r"[a-z0-9]{43}"),
    _prefixed("secrets.crates-token", "cio", r"(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32}"),
    _prefixed("secrets.artifactory-token", "AKC", r"[A-Za-z0-9]{70}"),
    # reference tokens: base64 of "reftkn:01:<expiry>:<random>", 64 characters
    _prefixed("secrets.artifactory-token", "cmVmdGtuOjAxOj", r"[A-Za-z0-9]{50}"),
    _prefixed("secrets.packagist-token", "packagist_", r"(?:uut|ort|upt|oat)_[A-Za-z0-9]{60,80}"),
    # CI/CD and hosting
    _prefixed("secrets.buildkite-token", "bkua_", r"[a-f0-9]{40}"),
    _prefixed("secrets.buildkite-token", "bkaa_", r"[A-Za-z0-9_\-]{64,}"),
    _prefixed("secrets.buildkite-token", "bkaj_", r"[A-Za-z0-9_\-]{64,}"),
    _prefixed("secrets.circleci-token", "CCIPAT_", r"[A-Za-z0-9]{22}_[a-f0-9]{40}"),
    _prefixed("secrets.circleci-token", "CCIPRJ_", r"[A-Za-z0-9]{22}_[a-f0-9]{40}"),
    Detector(
        "secrets.terraform-cloud-token",
        (".atlasv1.",),
        re.compile(r"(?<![A-Za-z0-9_])([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,})"),
        _not_benign,
    ),
    _prefixed("secrets.octopus-key", "API-", r"[A-Z0-9]{26,32}"),
    _prefixed("secrets.bitbucket-app-password", "ATBB", r"[A-Za-z0-9]{32}"),
    _prefixed("secrets.digitalocean-token", "dor_v1_", r"[a-f0-9]{64}"),
    _prefixed("secrets.heroku-key", "HRKU-", r"AA[A-Za-z0-9_\-]{58}"),
    Detector(
        "secrets.flyio-token",
        ("FlyV1 fm", "fo1_"),
        re.compile(
            # macaroons of several hundred characters: under 150 is a cut-off copy
            r"(FlyV1 fm\d_[A-Za-z0-9+/=_,\-]{150,}|(?<![A-Za-z0-9_])fo1_[A-Za-z0-9_\-]{43})"
        ),
        _not_benign,
    ),
    _prefixed("secrets.supabase-access-token", "sbp_", r"[a-f0-9]{40}"),
    _prefixed("secrets.render-key", "rnd_", r"[A-Za-z0-9]{32}"),
    _prefixed("secrets.alibaba-access-key", "LTAI", r"[A-Za-z0-9]{20}"),
    Detector(
        "secrets.azure-client-secret",
        ("Q~",),
        re.compile(
            # 40 characters: 3, a digit, Q~, 34
            r"(?<![A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{34})"
            r"(?![A-Za-z0-9_~.\-])"
        ),
        _mixed,
    ),
    # messaging
    _prefixed("secrets.brevo-key", "xkeysib-", r"[a-f0-9]{64}-[A-Za-z0-9]{16}"),
    _prefixed("secrets.brevo-key", "xsmtpsib-", r"[a-f0-9]{64}-[A-Za-z0-9]{16}"),
    Detector(
        "secrets.mailchimp-key",
        ("-us",),
        re.compile(r"(?<![A-Za-z0-9_])([a-f0-9]{32}-us\d{1,2})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.teams-webhook",
        ("webhook.office.com",),
        re.compile(
            r"(https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[A-Za-z0-9@\-]{36,80}"
            r"/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36})"
        ),
        _not_benign,
    ),
    _prefixed("secrets.twitch-token", "oauth:", r"[a-z0-9]{30}"),
    # bot tokens issued today start AA after the bot id; without the AA detect-secrets' plugin
    # decides
    Detector(
        "secrets.telegram-bot-token",
        (":AA",),
        re.compile(r"(?<![A-Za-z0-9_])(\d{8,10}:AA[A-Za-z0-9_\-]{33})(?![A-Za-z0-9_\-])"),
        _not_benign,
    ),
    # AI
    Detector(
        "secrets.langsmith-key",
        ("lsv2_",),
        re.compile(r"(?<![A-Za-z0-9_])(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.openrouter-key", "sk-or-v1-", r"[a-f0-9]{64}"),
    _prefixed("secrets.perplexity-key", "pplx-", r"[A-Za-z0-9]{48}"),
    _prefixed("secrets.tavily-key", "tvly-", r"(?:dev-|prod-)?[A-Za-z0-9]{32}"),
    _prefixed("secrets.xai-key", "xai-", r"[A-Za-z0-9]{80}"),
    # identity
    Detector(
        "secrets.stytch-secret",
        ("secret-live-", "secret-test-"),
        re.compile(
            r"(?<![A-Za-z0-9_])(secret-(?:live|test)-[A-Za-z0-9_\-=]{36})(?![A-Za-z0-9_\-])"
        ),
        _test_mode("secret-test-"),
    ),
    _prefixed("secrets.workos-key", "sk_", r"(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{60,}"),
    # productivity
    _prefixed("secrets.linear-key", "lin_oauth_", r"[a-f0-9]{64}"),
    _prefixed("secrets.clickup-token", "pk_", r"\d{6,10}_[A-Z0-9]{32}"),
    _prefixed("secrets.contentful-token", "CFPAT-", r"[A-Za-z0-9_\-]{43}"),
    Detector(
        "secrets.dropbox-token",
        ("sl.",),
        re.compile(r"(?<![A-Za-z0-9_.])(sl\.(?:u\.)?[A-Za-z0-9_\-]{130,})"),
        _mixed,
    ),
    _prefixed("secrets.figma-token", "figd_", r"[A-Za-z0-9_\-]{40}"),
    Detector(
        "secrets.hubspot-token",
        ("pat-na", "pat-eu"),
        re.compile(rf"(?<![A-Za-z0-9_])(pat-(?:na|eu)\d-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.typeform-token", "tfp_", r"[A-Za-z0-9_\-]{44}_[A-Za-z0-9_\-]{14}"),
    # observability
    _ctx(
        "secrets.datadog-key",
        r"datadog|dd_api|dd_app|dd-api|dd-app|ddapi|ddapp",
        r"[a-f0-9]{32}|[a-f0-9]{40}",
    ),
    Detector(
        "secrets.newrelic-key",
        ("NRAL", "NRAA-", "NRAK-"),
        re.compile(r"(?<![A-Za-z0-9_])([a-f0-9]{36}NRAL|NRAA-[a-f0-9]{27})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.dynatrace-token",
        ("dt0c01.", "dt0s01."),
        re.compile(r"(?<![A-Za-z0-9_])(dt0[cs]\d\d\.[A-Z0-9]{24}\.[A-Z0-9]{64})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.honeycomb-key",
        ("hcaik_", "hcxik_", "hcamk_", "hcxmk_"),
        re.compile(r"(?<![A-Za-z0-9_])(hc[ax][im]k_[a-z0-9]{58,64})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.axiom-token",
        ("xaat-", "xapt-"),
        re.compile(rf"(?<![A-Za-z0-9_])(xa[ap]t-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.posthog-key", "phx_", r"[A-Za-z0-9]{43}"),
    _ctx("secrets.rollbar-token", r"rollbar", r"[a-f0-9]{32}"),
    # feature flags
    Detector(
        "secrets.launchdarkly-key",
        ("sdk-", "api-"),
        re.compile(rf"(?<![A-Za-z0-9_\-])((?:sdk|api)-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.flagsmith-key", "ser.", r"[A-Za-z0-9]{22}"),
    _prefixed("secrets.statsig-key", "secret-", r"[A-Za-z0-9]{43}"),
    _prefixed(
        "secrets.configcat-key", "configcat-sdk-1/", r"[A-Za-z0-9_\-]{22}/[A-Za-z0-9_\-]{22}"
    ),
    # payments
    _prefixed("secrets.square-oauth-secret", "sq0csp-", r"[A-Za-z0-9_\-]{43}"),
    Detector(
        "secrets.adyen-key",
        ("AQE",),
        re.compile(
            r"(?<![A-Za-z0-9_])(AQE[A-Za-z0-9+/]{60,}={0,2}-[A-Za-z0-9+/]{40,}={0,2}-\S{8,40})"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.flutterwave-key",
        ("FLWSECK",),
        re.compile(r"(?<![A-Za-z0-9_])(FLWSECK(?:_TEST)?-[a-f0-9]{32}-X)(?![A-Za-z0-9_])"),
        _test_mode("_TEST-"),
    ),
    Detector(
        "secrets.plaid-token",
        ("access-production-",),
        re.compile(rf"(?<![A-Za-z0-9_])(access-production-{_UUID_RE})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    _prefixed("secrets.mollie-key", "live_", r"[A-Za-z0-9]{30}"),
    # secret managers
    Detector("secrets.onepassword-token", ("ops_",),
             re.compile(r"(?<![A-Za-z0-9_])(ops_eyJ[A-Za-z0-9_\-+/=]{100,})"),
             _json_token("ops_", "signInAddress", "secretKey")),
    Detector(
        "secrets.onepassword-secret-key",
        ("A3-",),
        re.compile(
            r"(?<![A-Za-z0-9_])(A3-[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{5}(?:-[A-Z0-9]{5}){3})"
            r"(?![A-Za-z0-9_])"
        ),
        _mixed,
    ),
    _prefixed("secrets.vault-token", "hvb.", r"[A-Za-z0-9_\-]{120,}"),
    # added after the first tuning pass (batch 2): more registries, CI/CD, hosting, AI, commerce
    _prefixed("secrets.databricks-token", "dapi", r"[a-f0-9]{32}(?:-\d)?"),
    Detector("secrets.sonarqube-token", ("squ_", "sqp_", "sqa_"),
             re.compile(r"(?<![A-Za-z0-9_])(sq[upa]_[a-f0-9]{40})(?![A-Za-z0-9_])"), _not_benign),
    _prefixed("secrets.prefect-key", "pnu_", r"[A-Za-z0-9]{36}"),
    _prefixed("secrets.neon-key", "napi_", r"[a-z0-9]{64}"),
    Detector("secrets.shippo-token", ("shippo_",),
             re.compile(r"(?<![A-Za-z0-9_])(shippo_(?:live|test)_[a-f0-9]{40})(?![A-Za-z0-9_])"),
             _test_mode("_test_")),
    Detector("secrets.easypost-key", ("EZAK", "EZTK"),
             re.compile(r"(?<![A-Za-z0-9_])(EZ[AT]K[A-Za-z0-9]{54})(?![A-Za-z0-9_])"),
             _test_mode("EZTK")),
    Detector("secrets.paddle-key", ("pdl_live_", "pdl_sdbx_"),
             re.compile(r"(?<![A-Za-z0-9_])(pdl_(?:live|sdbx)_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}"
                        r"_[A-Za-z0-9]{3})(?![A-Za-z0-9_])"), _test_mode("pdl_sdbx_")),
    _prefixed("secrets.mercadopago-token", "APP_USR-", r"\d{10,16}-\d{6}-[a-f0-9]{32}-\d{6,12}"),
    Detector("secrets.mandrill-key", ("md-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(md-[A-Za-z0-9_\-]{22})(?![A-Za-z0-9_\-])"), _mixed),
    Detector("secrets.twitter-bearer-token", ("AAAAAAAAAAAAAAAAAAAAA",),
             re.compile(r"(AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{70,130})(?![A-Za-z0-9%])"), _bearer),
    _prefixed("secrets.intercom-token", "dG9rO", r"[A-Za-z0-9+/=_\-]{50,}"),
    _prefixed("secrets.devcycle-key", "dvc_server_", r"[A-Za-z0-9_\-]{30,}"),
    Detector("secrets.harness-token", ("pat.",),
             re.compile(r"(?<![A-Za-z0-9_.])(pat\.[A-Za-z0-9_\-]{22}\.[a-f0-9]{24}"
                        r"\.[A-Za-z0-9]{20})"
                        r"(?![A-Za-z0-9_])"), _not_benign),
    _prefixed("secrets.scalingo-token", "tk-us-", r"[A-Za-z0-9_\-]{48}"),
    _prefixed("secrets.tencent-key", "AKID", r"[A-Za-z0-9]{32}"),
    _prefixed("secrets.yandex-key", "AQVN", r"[A-Za-z0-9_\-]{35,38}"),
    _prefixed("secrets.elevenlabs-key", "sk_", r"[a-f0-9]{48}"),
    _prefixed("secrets.fireworks-key", "fw_", r"[A-Za-z0-9]{24}"),
    _prefixed("secrets.ory-token", "ory_pat_", r"[A-Za-z0-9]{32}"),
    # batch 3: cloud session and OAuth tokens, push keys, more SaaS prefixes
    Detector("secrets.aws-session-token", ("IQoJb3JpZ2lu", "FwoGZXIvYXdz"),
             re.compile(r"(?<![A-Za-z0-9+/])((?:IQoJb3JpZ2lu"
                        r"|FwoGZXIvYXdz)[A-Za-z0-9+/]{100,}={0,2})"),
             _not_benign),
    Detector("secrets.google-oauth-token", ("ya29.", "1//0"),
             re.compile(r"(?<![A-Za-z0-9_])(ya29\.[A-Za-z0-9_\-]{50,}|1//0[A-Za-z0-9_\-]{40,})"
                        r"(?![A-Za-z0-9_\-])"), _mixed),
    Detector("secrets.facebook-token", ("EAA",),
             re.compile(r"(?<![A-Za-z0-9_])(EAA[B-Z][A-Za-z0-9]{100,})(?![A-Za-z0-9_])"), _mixed),
    Detector("secrets.fcm-server-key", (":APA91b",),
             # legacy server keys are 152 characters
             re.compile(r"(?<![A-Za-z0-9_])(AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{134})"
                        r"(?![A-Za-z0-9_\-])"),
             _not_benign),
    Detector("secrets.cloudinary-url", ("cloudinary://",),
             re.compile(r"cloudinary://\d{10,16}:([A-Za-z0-9_\-]{24,32})@[a-z0-9\-]+"),
             _not_benign),
    _prefixed("secrets.huggingface-token", "api_org_", r"[A-Za-z]{34}"),
    Detector("secrets.sourcegraph-token", ("sgp_",),
             re.compile(r"(?<![A-Za-z0-9_])(sgp_(?:[a-f0-9]{16}_"
                        r"|local_)?[a-f0-9]{40})(?![A-Za-z0-9_])"),
             _not_benign),
    _prefixed("secrets.frameio-token", "fio-u-", r"[A-Za-z0-9_\-=]{64}"),
    Detector("secrets.duffel-token", ("duffel_live_", "duffel_test_"),
             re.compile(r"(?<![A-Za-z0-9_])(duffel_(?:live"
                        r"|test)_[A-Za-z0-9_\-=]{43})(?![A-Za-z0-9_\-])"),
             _test_mode("duffel_test_")),
    Detector("secrets.newrelic-key", ("NRII-", "NRIQ-"),
             re.compile(r"(?<![A-Za-z0-9_])(NRI[IQ]-[A-Za-z0-9_\-]{32})(?![A-Za-z0-9_\-])"),
             _not_benign),
    _prefixed("secrets.grafana-token", "eyJrIjoi", r"[A-Za-z0-9]{50,}={0,2}"),
    _ctx("secrets.azure-openai-key", r"azure_openai|azureopenai|aoai", r"[a-f0-9]{32}"),
    _ctx("secrets.sparkpost-key", r"sparkpost", r"[a-f0-9]{40}"),
    _ctx("secrets.bugsnag-key", r"bugsnag", r"[a-f0-9]{32}"),
    _ctx("secrets.railway-token", r"railway", _UUID_RE),
    # no prefix of their own: the vendor's name and a key/token/secret word next to the value
    _ctx("secrets.okta-token", r"okta|ssws", r"00[A-Za-z0-9_\-]{40}"),
    _ctx("secrets.cloudflare-token", r"cloudflare|cf_api", r"[A-Za-z0-9_\-]{40}|[a-f0-9]{37}"),
    _ctx("secrets.azure-devops-pat", r"azure_devops|azuredevops|azdo|ado_pat|ado_token",
         r"[a-z2-7]{52}"),
    _ctx("secrets.linode-token", r"linode", r"[a-f0-9]{64}"),
    _ctx("secrets.hetzner-token", r"hcloud|hetzner", r"[A-Za-z0-9]{64}"),
    _ctx("secrets.cohere-key", r"cohere", r"[A-Za-z0-9]{40}"),
    _ctx("secrets.mistral-key", r"mistral", r"[A-Za-z0-9]{32}"),
    _ctx("secrets.deepgram-key", r"deepgram", r"[a-f0-9]{40}"),
    _ctx("secrets.assemblyai-key", r"assemblyai|assembly_ai", r"[a-f0-9]{32}"),
    _ctx("secrets.splunk-token", r"splunk", _UUID_RE),
    _ctx("secrets.pagerduty-key", r"pagerduty|pager_duty", r"[A-Za-z0-9_+\-]{20}"),
    _ctx("secrets.opsgenie-key", r"opsgenie", _UUID_RE),
    _ctx("secrets.algolia-admin-key", r"algolia_admin|algoliaadmin|algolia_write", r"[a-f0-9]{32}"),
    _ctx("secrets.snyk-token", r"snyk", _UUID_RE),
    _ctx("secrets.codecov-token", r"codecov", _UUID_RE),
    _ctx("secrets.zendesk-token", r"zendesk", r"[A-Za-z0-9]{40}"),
    # session 6, from each vendor's documentation: Inngest signing keys (signkey-<env>-...),
    # Trigger.dev secret keys and PATs (tr_dev_/tr_stg_/tr_prod_/tr_preview_/tr_pat_; pk_ keys are
    # public), Polar access tokens (polar_pat_, polar_oat_; polar_ci_ client ids are public),
    # Tinybird static tokens (p.<base64 JSON of the user and token id>.<signature>)
    Detector("secrets.inngest-signing-key", ("signkey-",),
             re.compile(r"(?<![A-Za-z0-9_])(signkey-(?:[a-z]{2,10}-)?[A-Za-z0-9]{32,})"
                        r"(?![A-Za-z0-9_\-])"), _not_benign),
    Detector("secrets.triggerdev-key", ("tr_dev_", "tr_stg_", "tr_prod_", "tr_preview_", "tr_pat_"),
             re.compile(r"(?<![A-Za-z0-9_])(tr_(?:dev|stg|prod|preview|pat)_[A-Za-z0-9_]{20,})"
                        r"(?![A-Za-z0-9_\-])"), _not_benign),
    Detector("secrets.polar-token", ("polar_pat_", "polar_oat_"),
             re.compile(r"(?<![A-Za-z0-9_])(polar_(?:pat|oat)_[A-Za-z0-9]{32,})(?![A-Za-z0-9_\-])"),
             _not_benign),
    Detector("secrets.tinybird-token", ("p.eyJ",),
             re.compile(r"(?<![A-Za-z0-9_.])(p\.eyJ[A-Za-z0-9_\-]{30,}={0,2}\.[A-Za-z0-9_\-]{20,})"
                        r"(?![A-Za-z0-9_\-])"), _tinybird),
    # JetBrains YouTrack and Hub permanent tokens: perm:<base64 login>.<base64 name>.<30>
    Detector("secrets.youtrack-token", ("perm:", "perm-"),
             re.compile(r"(?<![A-Za-z0-9_])(perm[:\-][A-Za-z0-9+/=]{4,}\.[A-Za-z0-9+/=]{4,}\."
                        r"[A-Za-z0-9]{30})(?![A-Za-z0-9_])"), _not_benign),
    # session 6: formats v1's held-out split missed, and their near-misses
    Detector("secrets.unleash-token",
             ("*:production.", "*:development.", ":production.", ":development."),
             re.compile(rf"(?<![\w*:.-])({_UNLEASH})(?![A-Za-z0-9_])"), _not_benign),
    Detector("secrets.unleash-token", ("unleash",),
             re.compile(rf"(?<![\w*:.-])({_UNLEASH})(?![A-Za-z0-9_])"), _not_benign, fold=True),
    Detector("secrets.asana-token", ("asana",),
             re.compile(rf"(?<![\w/])({_ASANA})(?![A-Za-z0-9_])"), _not_benign, fold=True),
    Detector("secrets.bitwarden-access-token", ("bws_", "bitwarden"),
             re.compile(rf"(?<![\w.])({_BITWARDEN})"), _not_benign, fold=True),
    Detector("secrets.infisical-token", ("infisical",),
             re.compile(rf"(?<![\w.])({_INFISICAL})(?![A-Za-z0-9_])"), _not_benign, fold=True),
    Detector(
        "secrets.doppler-token",
        ("dp.",),
        re.compile(
            r"(?<![A-Za-z0-9_])(dp\.(?:st(?:\.[a-z0-9_\-]{2,35})?|sa|ct|scim"
            r"|audit)\.[A-Za-z0-9]{43})"
            r"(?![A-Za-z0-9_])"
        ),
        _not_benign,
    ),
)


# --- dev platforms, CI/CD, registries, cloud, data, observability, flags, secret managers
# (session 7, vendors-a) ---
# Each format as the vendor's own page describes it (the URL beside it). A prefixed format is
# reported bare; a format with no prefix of its own needs the vendor's name beside the value
# (``_named``), and a value under that name in the vendor's alphabet but not its exact shape is a
# near-miss (cut off, mistyped), not a generic password. Keys the vendor documents as public
# (client-side ids, project tokens) under their documented names are no secret (``_PUBLIC``).
_NAMED: list[tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]] = []
_HEXA = frozenset("0123456789abcdefABCDEF-")
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_B64A = _ALNUM | frozenset("+/=")
_URLA = _ALNUM | frozenset("_-")


def _named(rule: str, words: str, value: str, alphabet: frozenset[str],
           kind: str = r"token|key|secret|pat|password", veto: str = "",
           validate: Validator = _not_benign) -> Detector:
    """``value`` (regex) assigned to a name holding a vendor word (``words``) and what it is
    (``kind``), unless the name also holds a ``veto`` word (``APPSIGNAL_FRONTEND_API_KEY``)."""
    no = rf"(?![\w.-]{{0,30}}?(?:{veto}))" if veto else ""
    name = rf"(?<![A-Za-z0-9])(?:{words}){no}[\w.-]{{0,30}}?(?:{kind})[\w.-]{{0,10}}"
    pattern = re.compile(rf"(?i){name}[\"']?\s{{0,3}}(?::=|=>|=|:)\s{{0,3}}[\"'`]?({value})"
                         r"(?![A-Za-z0-9_\-])")
    _NAMED.append((re.compile(rf"(?i){name}"), re.compile(rf"^(?:{value})$", re.IGNORECASE),
                   alphabet))
    triggers = tuple(w.lower() for w in words.split("|") if w.replace("_", "").isalnum())
    return Detector(rule, triggers, pattern, validate, fold=True)


def _akamai(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """Akamai's own sample credentials spell their kind in digits (``c113ntt0k3n``)."""
    if benign.is_benign_value(value) or re.search(r"c113nt|acc35|t0k3n", value):
        return None
    return _ok()


def _b64_doc(*keys: str) -> Validator:
    """A base64 JSON document holding ``keys`` (Cloudflare's tunnel tokens, UploadThing's
    tokens); a cut-off copy does not decode."""

    def check(value: str, line: str, path: str) -> tuple[str, str | None] | None:
        doc = formats.b64_json(value)
        if benign.is_benign_value(value) or doc is None or not all(k in doc for k in keys):
            return None
        return _ok()

    return check


def _strict_mixed(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """A bare body behind a short prefix (Keeper's ``US:``): random, three character classes."""
    body = value.split(":", 1)[-1]
    if benign.is_benign_value(value) or benign.char_classes(body) < 3:
        return None
    return _ok()


# upstash.com/docs/qstash/howto/local-development: the QStash CLI's local server prints the same
# token (user defaultUser) and signing keys to everyone; kept as SHA-256 so this file holds none
_QSTASH_DEV = frozenset({
    "b5f1743a394ce39b42493de7e6bc40226042491fb77bd417e40e92fcd11a8bd8",
    "54c3b917bfd471e12e0713535d69ad97584a415916ab360f4838bd23f2d70ffe",
})
_QSTASH_DEV_NOTE = "the QStash local development server's published credentials"


def _qstash(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    doc = formats.b64_json(value) if value.startswith("eyJ") else None
    if benign.is_benign_value(value) or (value.startswith("eyJ") and (
            doc is None or not {"UserID", "Password"} <= set(doc))):
        return None
    if (doc is not None and doc.get("UserID") == "defaultUser") or (
            hashlib.sha256(value.encode()).hexdigest() in _QSTASH_DEV):
        return _ok(_QSTASH_DEV_NOTE, LOW)
    return _ok()


_TS_KIND = r"(?:api|auth|client|scim|webhook)"
S7A_DETECTORS: tuple[Detector, ...] = (
    # tailscale.com/kb/1277/key-prefixes: tskey-<kind>-<key id>CNTRL-<secret>; the key id alone
    # (tskey-auth-<id>CNTRL) names the key, it is not one
    Detector("secrets.tailscale-key", ("tskey-",),
             re.compile(rf"(?<![A-Za-z0-9_])(tskey-{_TS_KIND}-[A-Za-z0-9]{{4,20}}CNTRL-"
                        r"[A-Za-z0-9]{24,64})(?![A-Za-z0-9_])"), _not_benign),
    # developers.cloudflare.com/fundamentals/api/get-started/ca-keys/: v1.0-<24 hex>-<146 hex>
    _prefixed("secrets.cloudflare-origin-ca-key", "v1.0-", r"[a-f0-9]{24}-[a-f0-9]{146}"),
    # developers.cloudflare.com/cloudflare-one/connections/connect-networks/ (tunnel tokens):
    # base64 of {"a": <account tag>, "t": <tunnel id>, "s": <tunnel secret>}
    Detector("secrets.cloudflare-tunnel-token", ("eyJhIjoi",),
             re.compile(r"(?<![A-Za-z0-9_+/])(eyJhIjoi[A-Za-z0-9+/_\-]{60,}={0,2})"
                        r"(?![A-Za-z0-9+/=_\-])"), _b64_doc("a", "t", "s")),
    # support.atlassian.com/bitbucket-cloud/docs/access-tokens/: repository, project and
    # workspace access tokens (ATCTT3xFfGN0 and a long base64url body)
    _prefixed("secrets.bitbucket-access-token", "ATCTT3xFfGN0", r"[A-Za-z0-9_\-=]{150,}"),
    # docs.getdbt.com/docs/dbt-cloud-apis/service-tokens (dbtc_), user tokens (dbtu_)
    Detector("secrets.dbt-cloud-token", ("dbtc_", "dbtu_"),
             re.compile(r"(?<![A-Za-z0-9_])(dbt[cu]_[A-Za-z0-9_\-]{40,64})(?![A-Za-z0-9_\-])"),
             _mixed),
    # docs.convex.dev/production/hosting/: deploy keys <kind>:<deployment>|<base64 JSON {"v2":..}>
    Detector("secrets.convex-deploy-key", ("|eyJ2MiI6",),
             re.compile(r"(?<![A-Za-z0-9_])((?:prod|dev|preview|project):[a-z0-9][a-z0-9:_\-]{2,80}"
                        r"\|eyJ2MiI6[A-Za-z0-9_\-+/]{40,}={0,2})(?![A-Za-z0-9_\-+/=])"),
             _not_benign),
    # appwrite.io/docs/advanced/security/api-keys: standard_<256 hex>
    _prefixed("secrets.appwrite-key", "standard_", r"[a-f0-9]{200,260}"),
    # docs.deno.com/deploy/ (access tokens): ddp_<36>
    _prefixed("secrets.deno-deploy-token", "ddp_", r"[A-Za-z0-9]{36}"),
    # github.com/clojars/clojars-web/wiki/Deploy-Tokens: CLOJARS_<hex>
    _prefixed("secrets.clojars-token", "CLOJARS_", r"[a-f0-9]{56,64}"),
    # techdocs.akamai.com/developer/docs/set-up-authentication-credentials: client_token and
    # access_token akab-<16-28>-<16>; the page's samples spell their kind and are no credential
    Detector("secrets.akamai-credential", ("akab-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(akab-[a-z0-9]{16,28}-[a-z0-9]{16})"
                        r"(?![A-Za-z0-9_\-])"),
             _akamai),
    # scaleway.com/en/docs/iam/concepts/#api-key: access keys SCW + 17 (the secret is a UUID)
    Detector("secrets.scaleway-key", ("SCW",),
             re.compile(r"(?<![A-Za-z0-9_])(SCW[A-Z0-9]{17})(?![A-Za-z0-9_])"), _mixed),
    # docs.honeybadger.io/api/: personal auth tokens hbp_<36>
    _prefixed("secrets.honeybadger-token", "hbp_", r"[A-Za-z0-9]{36}"),
    # docs.keeper.io/en/keeperpam/secrets-manager/about/one-time-token: <region>:<43 base64url>
    Detector("secrets.keeper-token", ("US:", "EU:", "AU:", "GOV:", "JP:", "CA:"),
             re.compile(r"(?<![A-Za-z0-9_])((?:US|EU|AU|GOV|JP|CA):[A-Za-z0-9_\-]{43})"
                        r"(?![A-Za-z0-9_\-])"), _strict_mixed),
    # docs.gitlab.com/ee/security/tokens/: runner registration tokens GR1348941<20>
    _prefixed("secrets.gitlab-token", "GR1348941", r"[A-Za-z0-9_\-]{20}"),
    # jetbrains.com/help/teamcity/managing-your-user-account.html (access tokens): a header
    # base64 of {"typ": "TCV2"} and two base64url parts
    Detector("secrets.teamcity-token", ("eyJ0eXAiOiAiVENWMiJ9",),
             re.compile(r"(eyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,})"
                        r"(?![A-Za-z0-9_\-])"), _not_benign),
    # developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys: service account
    # tokens sat.<account id>.<token id>.<secret>, the pat. shape
    Detector("secrets.harness-token", ("sat.",),
             re.compile(r"(?<![A-Za-z0-9_.])(sat\.[A-Za-z0-9_\-]{22}\.[a-f0-9]{24}"
                        r"\.[A-Za-z0-9]{20})(?![A-Za-z0-9_])"), _not_benign),
    # docs.databricks.com/dev-tools/auth/oauth-m2m.html: OAuth secrets dose<32 hex>
    _prefixed("secrets.databricks-token", "dose", r"[a-f0-9]{32}"),
    # vercel.com/docs/storage/vercel-blob: vercel_blob_rw_<store id>_<secret>
    _prefixed("secrets.vercel-blob-token", "vercel_blob_rw_", r"[A-Za-z0-9]{16}_[A-Za-z0-9]{30}"),
    # docs.uploadthing.com/getting-started/appdir: UPLOADTHING_TOKEN, base64 of {"apiKey":
    # "sk_live_...", "appId": ..., "regions": [...]}; the legacy secret sk_live_<64 hex>
    Detector("secrets.uploadthing-token", ("eyJhcGlLZXkiOi",),
             re.compile(r"(?<![A-Za-z0-9_+/])(eyJhcGlLZXkiOi[A-Za-z0-9+/_\-]{40,}={0,2})"
                        r"(?![A-Za-z0-9+/=_\-])"), _b64_doc("apiKey", "appId")),
    _named("secrets.uploadthing-token", r"uploadthing", r"sk_live_[a-f0-9]{64}",
           _HEXA | frozenset("sk_live")),
    # tigrisdata.com/docs/iam/manage-access-key/: key ids tid_ (an id), secrets tsec_
    _prefixed("secrets.tigris-key", "tsec_", r"[A-Za-z0-9_\-]{24,80}"),
    # mongodb.com/docs/atlas/api/service-accounts-overview/: client secrets mdb_sa_sk_ (the
    # client id mdb_sa_id_<24 hex> is an id); programmatic API keys: a UUID private key
    _prefixed("secrets.mongodb-atlas-key", "mdb_sa_sk_", r"[A-Za-z0-9_\-]{24,80}"),
    _named("secrets.mongodb-atlas-key", r"mongodb_atlas|atlas", _UUID_RE, _HEXA,
           kind="private"),
    # porkbun.com/api/json/v3/documentation: API key pk1_<64 hex>, secret sk1_<64 hex>
    Detector("secrets.porkbun-key", ("sk1_", "pk1_"),
             re.compile(r"(?<![A-Za-z0-9_])([sp]k1_[a-f0-9]{64})(?![A-Za-z0-9_])"), _not_benign),
    # JDBC URLs (docs.oracle.com/javase/tutorial/jdbc/basics/connecting.html and each driver's
    # page: ?password=, ;password=): the password the generic URL rule does not see
    Detector("secrets.database-url-password", ("jdbc:",),
             re.compile(r"(?i)jdbc:[a-z0-9]+:[^\s\"'<>`]*?[?&;:]password=([^&;\s\"'<>`{}$]{4,})"),
             _not_benign, fold=True),
    # formats with no prefix: the vendor's name and its exact value
    # jenkins.io/doc/book/using/remote-access-api/: user API tokens 11<32 hex>
    _named("secrets.jenkins-token", r"jenkins", r"11[a-f0-9]{32}", _HEXA),
    # docs.gitea.com/development/api-usage: access tokens (40 hex); Forgejo, Codeberg the same
    _named("secrets.gitea-token", r"gitea|forgejo|codeberg", r"[a-f0-9]{40}", _HEXA),
    # semgrep.dev/docs/deployment/add-semgrep-to-ci: SEMGREP_APP_TOKEN (64 hex)
    _named("secrets.semgrep-token", r"semgrep", r"[a-f0-9]{64}", _HEXA),
    # docs.sonarsource.com/sonarqube-cloud/managing-your-account/managing-tokens/ (40 hex)
    _named("secrets.sonarqube-token", r"sonar", r"[a-f0-9]{40}", _HEXA),
    # ngrok.com/docs/agent/#authtokens: <27>_<21>
    _named("secrets.ngrok-token", r"ngrok", r"[A-Za-z0-9]{27}_[A-Za-z0-9]{21}",
           _ALNUM | frozenset("_")),
    # backblaze.com/docs/cloud-storage-application-keys: application keys K00<28> (the key id,
    # 00<23 hex>, is an id)
    _named("secrets.backblaze-key", r"b2_|backblaze", r"K00[A-Za-z0-9]{28}", _ALNUM,
           veto=r"_id\b|keyid"),
    # scaleway.com/en/docs/iam/concepts/#api-key: secret keys (a UUID)
    _named("secrets.scaleway-key", r"scw_|scaleway", _UUID_RE, _HEXA, kind="secret"),
    # docs.confluent.io/cloud/current/security/authenticate/workload-identities/service-accounts/
    # api-keys/overview.html: API secrets, 64 base64 characters
    _named("secrets.confluent-key", r"confluent", r"[A-Za-z0-9+/]{64}", _B64A, kind="secret"),
    # docs.vultr.com/platform/other/api/: personal API keys, 36 A-Z0-9
    _named("secrets.vultr-key", r"vultr", r"[A-Z0-9]{36}", _ALNUM),
    # docs.fastly.com/en/guides/using-api-tokens: API tokens, 32 characters
    _named("secrets.fastly-token", r"fastly", r"[A-Za-z0-9_\-]{32}", _URLA),
    # techdocs.akamai.com/developer/docs/set-up-authentication-credentials: client_secret
    _named("secrets.akamai-credential", r"akamai", r"[A-Za-z0-9+/]{43}=", _B64A, kind="secret"),
    # developers.cloudflare.com/r2/api/tokens/: the secret access key is 64 hex
    _named("secrets.cloudflare-r2-key", r"r2_", r"[a-f0-9]{64}", _HEXA,
           kind="secret_access_key|secret"),
    # betterstack.com/docs/logs/ingesting-data/: source tokens (24); Logtail the same
    _named("secrets.betterstack-token", r"betterstack|better_stack|logtail", r"[A-Za-z0-9]{24}",
           _ALNUM),
    # help.sumologic.com/docs/manage/security/access-keys/: access keys (64; the su... id is an id)
    _named("secrets.sumologic-key", r"sumologic|sumo_logic", r"[A-Za-z0-9]{64}", _ALNUM,
           veto=r"_?id\b|accessid"),
    # amplitude.com/docs/apis/authentication: the secret key (32 hex; the API key is public)
    _named("secrets.amplitude-secret-key", r"amplitude", r"[a-f0-9]{32}", _HEXA, kind="secret"),
    # docs.mixpanel.com/docs/orgs-and-projects/service-accounts: service account secrets (32)
    _named("secrets.mixpanel-secret", r"mixpanel", r"[A-Za-z0-9]{32}", _ALNUM, kind="secret"),
    # docs.metamask.io/services/how-to/secure-an-api-key/api-key-secret/: the API key secret
    _named("secrets.infura-secret", r"infura", r"[a-f0-9]{32}", _HEXA, kind="secret"),
    # docs.etherscan.io/getting-started/viewing-api-usage-statistics: API keys (34 A-Z0-9)
    _named("secrets.etherscan-key", r"etherscan", r"[A-Z0-9]{34}", _ALNUM),
    # developer.hashicorp.com/vault/docs/auth/approle: secret_id (a UUID) is the credential
    _named("secrets.vault-approle-secret-id", r"vault|approle", _UUID_RE, _HEXA,
           kind=r"secret[_-]?id"),
    # developer.hashicorp.com/vault/docs/concepts/seal: unseal key shares (base64 or hex)
    _named("secrets.vault-unseal-key", r"unseal", r"[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{44}",
           _B64A, kind=r"key|share"),
    # developer.hashicorp.com/vault/docs/concepts/tokens: tokens before 1.10, s./b./r. + 24
    _named("secrets.vault-token", r"vault", r"[sbr]\.[A-Za-z0-9]{24}", _ALNUM | frozenset(".")),
    # infisical.com/docs/documentation/platform/identities/universal-auth: client secrets (64 hex)
    _named("secrets.infisical-token", r"infisical", r"[a-f0-9]{64}", _HEXA, kind="secret"),
    # bitwarden.com/help/personal-api-key/: client_secret (30; client_id user.<uuid> is an id)
    _named("secrets.bitwarden-api-key", r"bw_|bitwarden", r"[A-Za-z0-9]{30}", _ALNUM,
           kind="secret"),
    # help.cloudsmith.io/docs/api-key: API keys, 40 hex
    _named("secrets.cloudsmith-key", r"cloudsmith", r"[a-f0-9]{40}", _HEXA),
    # docs.quay.io/glossary/robot-accounts.html: robot tokens, 64 A-Z0-9
    _named("secrets.quay-token", r"quay", r"[A-Z0-9]{64}", _ALNUM),
    # hex.pm/docs/publish (HEX_API_KEY): API keys, 32 hex
    _named("secrets.hexpm-key", r"hexpm|hex_pm|hex_api", r"[a-f0-9]{32}", _HEXA),
    # docs.airbrake.io/docs/setup/ (project keys, 32 hex)
    _named("secrets.airbrake-key", r"airbrake", r"[a-f0-9]{32}", _HEXA),
    # docs.mezmo.com/docs/ingestion-key: ingestion keys, 32 hex (LogDNA the same)
    _named("secrets.mezmo-key", r"logdna|mezmo", r"[a-f0-9]{32}", _HEXA),
    # documentation.solarwinds.com/en/success_center/loggly/ (customer tokens: a UUID)
    _named("secrets.loggly-token", r"loggly", _UUID_RE, _HEXA),
    # docs.appsignal.com/appsignal/terminology.html#push-api-key: push API keys (a UUID); the
    # front-end key is public
    _named("secrets.appsignal-key", r"appsignal", _UUID_RE, _HEXA, veto=r"front|public"),
    # help.ovhcloud.com/csm/en-api-getting-started-ovhcloud-api: application secret and consumer
    # key (32)
    _named("secrets.ovh-key", r"ovh_", r"[A-Za-z0-9]{32}", _ALNUM, kind=r"secret|consumer_key"),
    # namecheap.com/support/api/intro/: API keys, 32 hex
    _named("secrets.namecheap-key", r"namecheap", r"[a-f0-9]{32}", _HEXA),
    # cronitor.io/docs/api-overview#authentication: API keys, 32 hex
    _named("secrets.cronitor-key", r"cronitor", r"[a-f0-9]{32}", _HEXA),
    # imagekit.io/docs/api-keys: private keys private_<...> (public_ keys are public)
    _named("secrets.imagekit-key", r"imagekit", r"private_[A-Za-z0-9+/=]{20,40}", _B64A | {"_"},
           kind="private|key"),
    # docs.logz.io/docs/user-guide/admin/authentication-tokens/: shipping tokens, 32 letters
    _named("secrets.logzio-token", r"logzio|logz_io", r"[A-Za-z]{32}", _ALNUM),
    # uptimerobot.com/api/ (main u<id>-, monitor m<id>-, read-only ur<id>- keys)
    _named("secrets.uptimerobot-key", r"uptimerobot|uptime_robot",
           r"(?:u|m|ur)\d{5,12}-[a-f0-9]{24}", _HEXA | frozenset("umr")),
)
VENDOR_DETECTORS += S7A_DETECTORS
# batch 2 (session 7, vendors-a)
# learn.microsoft.com/en-us/purview/sit-defn-azure-storage-account-key (and the sibling pages):
# identifiable keys carry their service's signature at a fixed offset: 88-character keys (Storage
# +ASt, Cosmos DB ACDb, API Management APIM), 44-character keys (Service Bus +ASb, Event Hubs
# +AEh, Relay +ARm, Cache for Redis AzCa), Functions AzFu (56), AI Search AzSe and Container
# Registry +ACR (52)
_AZ88 = r"[A-Za-z0-9+/]{76}(?:\+ASt|ACDb|APIM)[A-Za-z0-9+/]{5}[AQgw]=="
_AZ44 = r"[A-Za-z0-9+/]{33}(?:\+ASb|\+AEh|\+ARm)[A-Za-z0-9+/]{5}[AEIMQUYcgkosw048]="
_AZREST = (r"[A-Za-z0-9]{33}AzCa[A-P][A-Za-z0-9]{5}="
           r"|[A-Za-z0-9_\-]{44}AzFu[A-Za-z0-9_\-]{5}[AQgw]=="
           r"|[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5}"
           r"|[A-Za-z0-9+/]{42}\+ACR[A-D][A-Za-z0-9+/]{5}")
S7A_DETECTORS_2: tuple[Detector, ...] = (
    Detector("secrets.azure-service-key",
             ("+ASt", "ACDb", "APIM", "+ASb", "+AEh", "+ARm", "AzCa", "AzFu", "AzSe", "+ACR"),
             re.compile(rf"(?<![A-Za-z0-9+/_\-])({_AZ88}|{_AZ44}|{_AZREST})(?![A-Za-z0-9+/=_\-])"),
             _not_benign),
    # docs.datastax.com/en/astra-db-serverless/administration/manage-application-tokens.html:
    # AstraCS:<24>:<64 hex>
    _prefixed("secrets.astra-token", "AstraCS:", r"[A-Za-z]{24}:[a-f0-9]{64}"),
    # ranchermanager.docs.rancher.com/reference-guides/user-settings/api-keys: token-<5>:<54>
    Detector("secrets.rancher-token", ("token-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(token-[a-z0-9]{5}:[a-z0-9]{54})(?![A-Za-z0-9_\-])"),
             _mixed, fold=True),
    # docs.portainer.io/api/access: access tokens ptr_<base64>
    _prefixed("secrets.portainer-token", "ptr_", r"[A-Za-z0-9+/]{43}=?"),
    # learning.postman.com/docs/collaborating-in-postman/sharing/#collection-access-keys: PMAT-<26>
    _prefixed("secrets.postman-key", "PMAT-", r"[A-Z0-9]{26}"),
    # docs.readme.com/main/reference/intro/authentication: API keys rdme_<...>
    _prefixed("secrets.readme-key", "rdme_", r"[a-z0-9]{64,80}"),
    # xata.io/docs/getting-started/api-keys: xau_<...>
    _prefixed("secrets.xata-key", "xau_", r"[A-Za-z0-9]{32,60}"),
    # aiven.io/docs/platform/concepts/service-passwords (service passwords AVNS_<...>)
    _prefixed("secrets.aiven-password", "AVNS_", r"[A-Za-z0-9_\-]{19,40}"),
    # docs.crunchybridge.com/api/authentication: API keys cbkey_<...>
    _prefixed("secrets.crunchybridge-key", "cbkey_", r"[A-Za-z0-9]{40,64}"),
    # community.exoscale.com/documentation/iam/: API keys EXO<24 hex> (the secret: 43 base64url)
    _prefixed("secrets.exoscale-key", "EXO", r"[a-f0-9]{24}"),
    # upstash.com/docs/qstash/howto/signature: QStash tokens, base64 of {"UserID":..,"Password":..}
    Detector("secrets.qstash-token", ("eyJVc2VySUQiOi",),
             re.compile(r"(?<![A-Za-z0-9_+/])(eyJVc2VySUQiOi[A-Za-z0-9+/_\-]{40,}={0,2})"
                        r"(?![A-Za-z0-9+/=_\-])"), _qstash),
    _named("secrets.qstash-token", r"qstash", r"sig_[A-Za-z0-9]{24,40}", _ALNUM | {"_"},
           kind=r"signing_key|key", validate=_qstash),
    # JDBC Oracle thin URLs: jdbc:oracle:thin:<user>/<password>@<host>
    Detector("secrets.database-url-password", ("jdbc:oracle:",),
             re.compile(r"(?i)jdbc:oracle:(?:thin|oci):[A-Za-z0-9_$#]{1,30}/"
                        r"([^@\s\"'<>`/{}$]{4,})@"), _not_benign, fold=True),
    # devcenter.heroku.com/articles/authentication: API keys before HRKU- were UUIDs
    _named("secrets.heroku-key", r"heroku", _UUID_RE, _HEXA),
    # circleci.com/docs/managing-api-tokens/: personal tokens before CCIPAT_ were 40 hex
    _named("secrets.circleci-token", r"circleci|circle_token", r"[a-f0-9]{40}", _HEXA),
    # configcat.com/docs/sdk-reference/overview/: SDK keys before configcat-sdk-1/ (22/22)
    _named("secrets.configcat-key", r"configcat", r"[A-Za-z0-9_\-]{22}/[A-Za-z0-9_\-]{22}",
           _URLA | {"/"}),
    # code.visualstudio.com/api/working-with-extensions/publishing-extension: VSCE_PAT (an Azure
    # DevOps PAT)
    _named("secrets.azure-devops-pat", r"vsce", r"[a-z2-7]{52}|[A-Za-z0-9]{84}", _ALNUM),
    # github.com/eclipse/openvsx/wiki/Publishing-Extensions: access tokens (a UUID)
    _named("secrets.openvsx-token", r"ovsx|open_vsx|openvsx", _UUID_RE, _HEXA, kind="token|pat"),
    # docs.codacy.com/codacy-api/api-tokens/: project and account tokens (32 hex)
    _named("secrets.codacy-token", r"codacy", r"[a-f0-9]{32}|[A-Za-z0-9]{20}", _ALNUM),
    # docs.coveralls.io/api-introduction: repo tokens (32-37)
    _named("secrets.coveralls-token", r"coveralls", r"[A-Za-z0-9]{32,37}", _ALNUM),
    # browserstack.com/docs/automate/api-reference/selenium/introduction: access keys (20)
    _named("secrets.browserstack-key", r"browserstack", r"[A-Za-z0-9]{20}", _ALNUM,
           kind="key|token"),
    # docs.saucelabs.com/basics/acct-team-mgmt/managing-user-info/: access keys (a UUID)
    _named("secrets.saucelabs-key", r"sauce", _UUID_RE, _HEXA, kind="key"),
    # docs.cypress.io/cloud/get-started/setup: record keys (a UUID)
    _named("secrets.cypress-record-key", r"cypress", _UUID_RE, _HEXA, kind="record_key|key"),
    # docs.travis-ci.com/user/triggering-builds/: API tokens (22)
    _named("secrets.travis-token", r"travis", r"[A-Za-z0-9_\-]{22}", _URLA),
    # developer.hashicorp.com/nomad/docs/concepts/acl and consul/docs/security/acl/tokens: ACL
    # tokens' secret ids (UUIDs)
    _named("secrets.hashicorp-acl-token", r"nomad|consul", _UUID_RE, _HEXA,
           kind=r"token|secret_?id", veto=r"accessor"),
    # docs.splunk.com/observability/en/admin/authentication/authentication-tokens/: access tokens
    _named("secrets.splunk-token", r"signalfx|sfx_", r"[A-Za-z0-9_\-]{22}", _URLA),
    # docs.chocolatey.org/en-us/create/commands/api-key/: API keys (a UUID)
    _named("secrets.chocolatey-key", r"choco", _UUID_RE, _HEXA),
    # docs.ansible.com/ansible/latest/galaxy/user_guide.html (API tokens, 40 hex)
    _named("secrets.ansible-galaxy-token", r"galaxy", r"[a-f0-9]{40}", _HEXA),
    # guides.cocoapods.org/making/getting-setup-with-trunk.html (trunk session tokens, 32 hex)
    _named("secrets.cocoapods-token", r"cocoapods|pod_trunk", r"[a-f0-9]{32}", _HEXA),
    # plugins.gradle.org/docs/publish-plugin (publishing key and secret, 32)
    _named("secrets.gradle-publish-key", r"gradle", r"[A-Za-z0-9]{32}", _ALNUM,
           kind=r"publish[._-]?(?:key|secret)"),
    # goharbor.io/docs/main/working-with-projects/project-configuration/create-robot-accounts/
    # (robot secrets, 32)
    _named("secrets.harbor-robot-secret", r"harbor", r"[A-Za-z0-9]{32}", _ALNUM,
           kind="secret|password|token"),
    # surge.sh/help/integrating-with-circleci (SURGE_TOKEN, 32 hex)
    _named("secrets.surge-token", r"surge", r"[a-f0-9]{32}", _HEXA),
)
VENDOR_DETECTORS += S7A_DETECTORS_2
# batch 3 (session 7, vendors-a)
_HOOK = (r"https://api\.vercel\.com/v1/integrations/deploy/prj_[A-Za-z0-9]{20,40}/[A-Za-z0-9]{8,12}"
         r"|https://api\.netlify\.com/build_hooks/[a-f0-9]{24}"
         r"|https://api\.render\.com/deploy/srv-[a-z0-9]{16,24}\?key=[A-Za-z0-9_\-]{8,16}"
         rf"|https://api\.cloudflare\.com/client/v4/pages/webhooks/deploy_hooks/{_UUID_RE}")
# opentelemetry.io/docs/specs/otel/protocol/exporter/ (OTEL_EXPORTER_OTLP_HEADERS, key=value
# pairs): the vendors' ingest headers (Honeycomb x-honeycomb-team, New Relic and Dash0 api-key,
# Datadog dd-api-key, SigNoz signoz-access-token, Lightstep lightstep-access-token, Uptrace
# uptrace-dsn, Authorization)
_OTLP_KEY = (r"x-honeycomb-team|api-key|dd-api-key|x-api-key|signoz-access-token"
             r"|lightstep-access-token|uptrace-dsn|authorization")


def _otlp(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    low = line.lower()
    if "otlp" not in low or "header" not in low or benign.is_benign_value(value):
        return None
    return _mixed(value, line, path)


S7A_DETECTORS_3: tuple[Detector, ...] = (
    # vercel.com/docs/deployments/deploy-hooks, docs.netlify.com/configure-builds/build-hooks/,
    # render.com/docs/deploy-hooks, developers.cloudflare.com/pages/configuration/deploy-hooks/:
    # the URL alone starts a deploy
    Detector("secrets.deploy-hook-url",
             ("api.vercel.com/v1/integrations/deploy/", "api.netlify.com/build_hooks/",
              "api.render.com/deploy/", "/pages/webhooks/deploy_hooks/"),
             re.compile(rf"({_HOOK})(?![A-Za-z0-9_\-])"), _not_benign),
    Detector("secrets.otlp-header-key", ("otlp",),
             re.compile(rf"(?i)(?:{_OTLP_KEY})(?:=|%3D)(?:(?:basic|bearer)(?:%20|\s))?"
                        r"([A-Za-z0-9+/_\-.]{16,}={0,2})(?![A-Za-z0-9+/_\-.=])"), _otlp, fold=True),
    # metabase.com/docs/latest/people-and-groups/api-keys: API keys mb_<base64>
    _prefixed("secrets.metabase-key", "mb_", r"[A-Za-z0-9+/]{43}="),
    # docs.sentry.io/account/auth-tokens/: auth tokens before sntrys_/sntryu_ were 64 hex
    _named("secrets.sentry-token", r"sentry", r"[a-f0-9]{64}", _HEXA, kind="token"),
    # docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#license-key: 40 hex (new ones
    # end NRAL)
    _named("secrets.newrelic-key", r"new_relic|newrelic|nria|nr_license", r"[a-f0-9]{40}", _HEXA,
           kind="license|key"),
    # docs.honeycomb.io/get-started/configure/environments/manage-api-keys/: classic keys, 32 hex
    _named("secrets.honeycomb-key", r"honeycomb", r"[a-f0-9]{32}", _HEXA, kind="key|team|token"),
    # developer.pagerduty.com/docs/events-api-v2/overview/: routing (integration) keys, 32 hex
    _named("secrets.pagerduty-key", r"pagerduty|pager_duty", r"[a-f0-9]{32}", _HEXA,
           kind="routing_key|integration_key|service_key|key"),
    # docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps: client
    # secrets, 40 hex (the client id Iv1./Ov23... is an id)
    _named("secrets.github-oauth-secret", r"github", r"[a-f0-9]{40}", _HEXA,
           kind="client_secret|clientsecret|oauth_secret"),
    # docs.drone.io/cli/setup/: DRONE_TOKEN (32)
    _named("secrets.drone-token", r"drone", r"[A-Za-z0-9]{32}", _ALNUM, kind="token"),
    # redash.io/help/user-guide/integrations-and-api/api: API keys (40)
    _named("secrets.redash-key", r"redash", r"[A-Za-z0-9]{40}", _ALNUM),
    # ghost.org/docs/admin-api/#token-authentication: Admin API keys <24 hex id>:<64 hex secret>
    _named("secrets.ghost-admin-key", r"ghost", r"[a-f0-9]{24}:[a-f0-9]{64}", _HEXA | {":"}),
    # make.wordpress.org/core/2020/11/05/application-passwords-integration-guide/: 24 characters
    # in six groups of four
    _named("secrets.wordpress-app-password", r"wordpress|wp_app|wp_application",
           r"[A-Za-z0-9]{4}(?: [A-Za-z0-9]{4}){5}", _ALNUM | {" "}),
)
VENDOR_DETECTORS += S7A_DETECTORS_3
# values that start with one of these are judged by their vendor's format alone
_EXPLICIT_S7A = frozenset({"ATCTT3xFfGN0", "GR1348941", "SCW", "eyJhIjoi", "eyJhcGlLZXkiOi",
                           "EXO", "eyJVc2VySUQiOi"})
# structural markers inside a value (Convex's deploy keys, Tailscale's key ids), and ids and keys
# their vendors document as public whatever their name: Datadog client tokens pub<32 hex>,
# LaunchDarkly mobile keys, GrowthBook client keys sdk-<16>, MongoDB Atlas and Tigris key ids
_NEAR_MISS_S7A = re.compile(
    r"\|eyJ2MiI6|CNTRL-|^dose[a-f0-9]{8,}|^pub[a-f0-9]{32}$|^mob-[0-9a-f]{8}-"
    r"|^sdk-[A-Za-z0-9]{16}$|^mdb_sa_id_[a-f0-9]{24}$|^tid_[A-Za-z0-9_\-]{8,}$"
)
# documented public keys under their documented names: (name, value)
_PUBLIC = (
    # docs.mixpanel.com/docs/tracking-methods/id-management: the project token ships in browsers
    (re.compile(r"(?i)mixpanel(?:_project)?_?(?:token|id)$"), re.compile(r"^[a-f0-9]{32}$")),
    # amplitude.com/docs/apis/authentication: the API key is public (the secret key is not)
    (re.compile(r"(?i)amplitude_?(?:api_?)?key$"), re.compile(r"^[a-f0-9]{32}$")),
    # docs.datadoghq.com/account_management/api-app-keys/#client-tokens: pub<32 hex>, browser
    (re.compile(r"(?i)(?:datadog|dd)"), re.compile(r"^pub[a-f0-9]{32}$")),
    # docs.growthbook.io/lib/js: client keys sdk-<...> are public
    (re.compile(r"(?i)growthbook"), re.compile(r"^sdk-[A-Za-z0-9]{8,40}$")),
    # docs.launchdarkly.com/sdk/concepts/client-side-server-side#keys: mobile keys, client ids
    (re.compile(r"(?i)launchdarkly|(?:^|_)ld_"), re.compile(rf"^mob-{_UUID_RE}$|^[a-f0-9]{{24}}$")),
    # developer.hashicorp.com/vault/docs/concepts/tokens#token-accessors (Nomad, Consul the same):
    # an accessor names a token, it cannot act as one
    (re.compile(r"(?i)accessor"), re.compile(rf"^{_UUID_RE}$")),
    # docs.appsignal.com/front-end/: the front-end API key ships in browsers
    (re.compile(r"(?i)appsignal\w*front"), re.compile(rf"^{_UUID_RE}$")),
    # mongodb.com/docs/atlas/api/service-accounts-overview/: the client id
    (re.compile(r"(?i)mongo|atlas"), re.compile(r"^mdb_sa_id_[a-f0-9]{24}$")),
)


def line_near_miss(line: str, value: str) -> bool:
    """``_s7a_veto`` for a value found on ``line`` with no name parsed (detect-secrets' keyword
    plugin): the name is what precedes the value."""
    at = line.find(value)
    before = re.sub(r"[\s\"'`=:>,(]+$", "", line[max(0, at - 80):at]) if at > 0 else ""
    return bool(before) and _s7a_veto(before, value)


def _s7a_veto(key: str, value: str) -> bool:
    """A near-miss of a named format (its vendor's name and alphabet, not its exact shape), or a
    key the vendor documents as public under its documented name."""
    if any(n.search(key) and v.match(value) for n, v in _PUBLIC):
        return True
    if len(value) < 8:
        return False
    for name, exact, alphabet in _NAMED:
        if name.search(key) and not exact.match(value) and sum(
                c not in alphabet for c in value) <= 1:
            return True
    return False


# every line detector: the original table and these, the lower-case ones tried on the folded line
LINE_DETECTORS: tuple[Detector, ...] = tuple(
    replace(d, fold=d.fold or all(t.isalpha() and t.islower() for t in d.triggers))
    for d in (*formats.LINE_DETECTORS, *VENDOR_DETECTORS)
)

# Prefixes a hand-made password may start with ("secret-...", "live_..."): such a value stays with
# the
# judgement detectors. Every other documented prefix (and the explicit ones below) is exempt from
# them.
_WORDLIKE = frozenset({"secret-", "secret_", "api-", "sdk-", "live_", "A3-", "pk_", "rk_", "ser."})
_EXPLICIT = {
    "AKIA", "ASIA", "AIza", "ATATT3", "AKC", "ATBB", "LTAI", "EAAA", "SG.", "SK", "oy2", "cio",
    "dapi",
    "AKID", "AQVN", "AQE", "EZAK", "EZTK", "dG9rO", "md-", "A" * 21, "sk_live_", "sk_test_",
    "rk_live_", "rk_test_", "IQoJb3JpZ2lu", "FwoGZXIvYXdz", "ya29.", "1//0", "EAA", "eyJrIjoi",
    "sk-proj-", "sk-svcacct-", "sk-admin-", "xoxb-", "xoxp-", "xoxa-", "xoxe", "shpat_", "shpss_",
    "shpca_", "shppa_", "pat-na", "pat-eu", "eyJ", "dp.", "cmVmdGtu", "sk.eyJ",
    "FLWSECK", "FLWPUBK", "NRJS-", "p.eyJ",
}  # fmt: skip
VENDOR_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            t
            for d in LINE_DETECTORS
            if not d.fold
            for t in d.triggers
            if t[-1] in "_-.:" and len(t) >= 3 and not t.startswith(("://", "-", ":", "."))
        }
        - _WORDLIKE
        | _EXPLICIT
        | _EXPLICIT_S7A
    )
)
# structural markers of a documented format inside a value: Terraform's .atlasv1., Azure's
# <digit>Q~, Telegram's <bot id>:AA, OpenAI's T3BlbkFJ, Airtable's pat<id>., Mailchimp's -<dc>,
# Discord's <id>.<timestamp>., GitHub's gh<kind>_ shape with an unknown kind letter, Twilio's
# account
# SID (an id), Mailgun's <32 hex>-<8>-<8> key shape
_NEAR_MISS = re.compile(
    r"\.atlasv1\.|\dQ~|^\d{8,10}:AA|T3BlbkFJ|^pat[A-Za-z0-9]{4,20}\."
    r"|^[a-z0-9]{16,32}-[a-z]{2}\d{1,2}$|^[MNO][A-Za-z0-9_\-]{17,}\.[A-Za-z0-9_\-]{6}\."
    r"|^gh[a-z]_[A-Za-z0-9]{20,}|^AC[a-f0-9]{32}$|^[a-z0-9]{16,32}-[a-z0-9]{8}-[a-z0-9]{8}$"
)


@dataclass(frozen=True, slots=True)
class Shape:
    """A documented format whose structure (not a prefix) tells it apart: a value of the ``loose``
    shape is that vendor's, reported under ``rule`` when it has the vendor's exact form
    (``strict``) and a near-miss (truncated, out of alphabet) otherwise."""

    rule: str
    loose: re.Pattern[str]
    strict: re.Pattern[str]


SHAPES: tuple[Shape, ...] = (
    Shape("secrets.unleash-token", re.compile(r"^(?:\*|[\w.-]+):[\w.-]+\.[A-Za-z0-9]{8,}$"),
          re.compile(rf"^(?:{_UNLEASH})$")),
    Shape("secrets.asana-token", re.compile(r"^[0-2]/[0-9a-f]{6,}"),
          re.compile(rf"^(?:{_ASANA})$")),
    Shape("secrets.bitwarden-access-token", re.compile(r"^0\.[0-9a-f]{8}-[0-9a-f]{4}-"),
          re.compile(rf"^{_BITWARDEN}$")),
    Shape("secrets.infisical-token", re.compile(r"^st\.[0-9a-f]{8}-[0-9a-f]{4}-"),
          re.compile(rf"^{_INFISICAL}$")),
    # license keys: 40 characters ending NRAL
    Shape("secrets.newrelic-key", re.compile(r"^[A-Za-z0-9]{16,48}NRAL$"),
          re.compile(r"^[a-f0-9]{36}NRAL$")),
)


def vendor_shape(value: str) -> str | None:
    """The vendor rule when ``value`` has one of ``SHAPES`` exactly, ``""`` when it has a shape's
    outline only (a near-miss), None when it has none."""
    for shape in SHAPES:
        if shape.loose.match(value):
            return shape.rule if shape.strict.match(value) else ""
    return None


def contextual_near_miss(key: str, value: str) -> bool:
    """``DD_API_KEY=<31 hex>``: a hex value (one stray character at most) under a name holding the
    word of a vendor whose format is hex or a UUID, in neither that format nor its length."""
    if _s7a_veto(key, value):
        return True
    body = value.replace("-", "")
    if len(body) < 8 or sum(c not in "0123456789abcdefABCDEF" for c in body) > 1:
        return False
    return any(words.search(key) and not exact.match(value) for words, exact in _CTX_HEX)


def vendor_prefixed(value: str) -> bool:
    """True when ``value`` has a vendor's documented token prefix or marker: the vendor's own
    detector decides then, and a value that fails its format is a near-miss (truncated, out of
    alphabet)."""
    return (value.startswith(VENDOR_PREFIXES) or bool(_NEAR_MISS.search(value))
            or bool(_NEAR_MISS_S7A.search(value))
            or vendor_shape(value) is not None)
