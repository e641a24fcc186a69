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


# --- messaging, payments, identity, AI, SaaS (session 7, vendors-b) ---
# Each format from the vendor's own documentation (the page beside it). Values with no prefix of
# their own are judged next to the vendor's name (``_named``); documented public ids and client keys
# of the same vendors are in ``_PUBLIC_PREFIXES`` below; test-mode keys are reported low.
def _random(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """A short prefix (``pa-``, ``as-``): the body must look generated (letters and digits mixed),
    not be a word-made name (``pa-content-wrapper-inner-...``)."""
    body = value.split("-", 1)[-1]
    if benign.is_benign_value(value) or benign.is_name(body) or benign.char_classes(body) < 2:
        return None
    return _ok()


_KINDS = r"token|key|secret|pat|password"


def _named_b(rule: str, words: str, value: str, kinds: str = _KINDS,
           triggers: tuple[str, ...] = ()) -> Detector:
    """``_ctx`` with the words of the value's kind given (``certificate``, ``transaction``) and,
    for a vendor word common in other text, the (lower-case) ``triggers`` a line must hold:
    ``value`` assigned to a name holding the vendor's word and one of ``kinds``."""
    det = _ctx(rule, words, value)
    if triggers:
        det = replace(det, triggers=triggers)
    if kinds == _KINDS:
        return det
    pattern = re.compile(
        rf"(?i)(?<![A-Za-z0-9])(?:{words})[\w.-]{{0,30}}?(?:{kinds})[\w.-]{{0,10}}[\"']?"
        rf"\s{{0,3}}(?::=|=>|=|:)\s{{0,3}}[\"'`]?({value})(?![A-Za-z0-9_\-])"
    )
    return replace(det, pattern=pattern)


def _test_mode_any(markers: tuple[str, ...]) -> Validator:
    """Any of the vendor's documented sandbox or test-mode markers in the value: reported low."""

    def check(value: str, line: str, path: str) -> tuple[str, str | None] | None:
        if benign.is_benign_value(value) or benign.char_classes(value) < 2:
            return None
        return _ok("test-mode key", LOW) if value.startswith(markers) else _ok()

    return check


_gocardless = _test_mode_any(("sandbox_",))


def _random_body(prefix: str) -> Validator:
    """A word-like prefix (``private_``): the body must mix upper case, lower case and digits, as a
    generated key does (``private_network_configuration`` is a name)."""

    def check(value: str, line: str, path: str) -> tuple[str, str | None] | None:
        body = value[len(prefix):]
        alnum = "".join(c for c in body if c.isalnum())
        if benign.is_benign_value(value) or benign.char_classes(alnum) < 3:
            return None
        return _ok()

    return check


def _webhook(rule: str, trigger: str, url: str) -> Detector:
    """A webhook URL whose path or query holds its secret (anyone with it can post)."""
    return Detector(rule, (trigger,), re.compile(rf"({url})(?![A-Za-z0-9_\-])"), _not_benign)


_UUID = _UUID_RE
_S7B_DETECTORS: tuple[Detector, ...] = (
    # AI and LLM providers
    # https://langfuse.com/docs/api-and-data-platform/features/public-api (pk-lf- is public)
    _prefixed("secrets.langfuse-key", "sk-lf-", _UUID),
    # https://api-docs.deepseek.com/ : sk- and 32 hex
    Detector("secrets.deepseek-key", ("sk-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(sk-[a-f0-9]{32})(?![A-Za-z0-9_\-])"), _not_benign),
    # https://platform.stability.ai/docs/getting-started/authentication : sk- and 48 (no T3BlbkFJ)
    Detector("secrets.stability-key", ("sk-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(sk-(?![A-Za-z0-9]{20}T3BlbkFJ)[A-Za-z0-9]{48})"
                        r"(?![A-Za-z0-9_\-])"), _random),
    # https://docs.together.ai/reference/authentication
    _prefixed("secrets.together-key", "tgp_v1_", r"[A-Za-z0-9_\-]{43}"),
    # https://docs.voyageai.com/docs/api-key-and-installation
    Detector("secrets.voyage-key", ("pa-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(pa-[A-Za-z0-9_\-]{43})(?![A-Za-z0-9_\-])"), _random),
    # https://inference-docs.cerebras.ai/quickstart
    _prefixed("secrets.cerebras-key", "csk-", r"[a-z0-9]{48}"),
    # https://docs.api.nvidia.com/nim/docs/api-quickstart
    _prefixed("secrets.nvidia-key", "nvapi-", r"[A-Za-z0-9_\-]{64}"),
    # https://docs.firecrawl.dev/introduction
    _prefixed("secrets.firecrawl-key", "fc-", r"[a-f0-9]{32}"),
    # https://jina.ai/reader : jina_ and about 60 letters and digits
    _prefixed("secrets.jina-key", "jina_", r"[A-Za-z0-9]{56,64}"),
    # https://modal.com/docs/reference/modal.config : token secrets as-, token ids ak- (an id)
    Detector("secrets.modal-token", ("as-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(as-[A-Za-z0-9]{22})(?![A-Za-z0-9_\-])"), _random),
    # https://e2b.dev/docs/api-key
    _prefixed("secrets.e2b-key", "e2b_", r"[a-f0-9]{40}"),
    # https://docs.browserbase.com/introduction/getting-started
    _prefixed("secrets.browserbase-key", "bb_live_", r"[A-Za-z0-9_\-]{27}"),
    # https://docs.cloud.llamaindex.ai/api_key : llx- keys
    _prefixed("secrets.llamacloud-key", "llx-", r"[A-Za-z0-9]{40,64}"),
    # https://docs.wandb.ai/guides/track/environment-variables : WANDB_API_KEY, 40 hex
    _named_b("secrets.wandb-key", r"wandb", r"[a-f0-9]{40}"),
    # https://serpapi.com/search-api : api_key, 64 hex
    _named_b("secrets.serpapi-key", r"serpapi|serp_api", r"[a-f0-9]{64}"),
    # https://docs.fal.ai/authentication : FAL_KEY is <key id (UUID)>:<key secret (32 hex)>
    _named_b("secrets.fal-key", r"fal", rf"{_UUID}:[a-f0-9]{{32}}", _KINDS,
           ("fal_key", "fal_api", "fal_secret")),
    # https://docs.exa.ai/reference/getting-started : EXA_API_KEY, a UUID
    _named_b("secrets.exa-key", r"exa_api|exa_key", _UUID),
    # messaging, email, SMS, push and realtime
    # https://www.pubnub.com/docs/general/basics/initialize-pubnub : sec-c- (pub-c-, sub-c- public)
    _prefixed("secrets.pubnub-secret-key", "sec-c-", r"[A-Za-z0-9]{48}"),
    # https://developers.mailersend.com/general.html#authentication
    _prefixed("secrets.mailersend-token", "mlsn.", r"[a-f0-9]{64}"),
    # https://developers.smtp2go.com/docs/getting-started : api- and 32 upper-case hex
    Detector("secrets.smtp2go-key", ("api-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(api-[A-F0-9]{32})(?![A-Za-z0-9_\-])"), _not_benign),
    # https://docs.ntfy.sh/config/#access-tokens : tk_ and 29 lower-case letters and digits
    _prefixed("secrets.ntfy-token", "tk_", r"[a-z0-9]{29}"),
    # https://pushover.net/api : application tokens and user keys, 30 letters and digits
    _named_b("secrets.pushover-token", r"pushover", r"[A-Za-z0-9]{30}"),
    # https://docs.agora.io/en/video-calling/get-started/manage-agora-account : app certificate
    _named_b("secrets.agora-certificate", r"agora", r"[a-f0-9]{32}", r"certificate|cert"),
    # https://pusher.com/docs/channels/server_api/authenticating-users/ : app secret, 20 hex
    _named_b("secrets.pusher-secret", r"pusher", r"[a-f0-9]{20}", r"secret"),
    # https://developer.vonage.com/en/getting-started/concepts/authentication : API secret
    _named_b("secrets.vonage-secret", r"vonage|nexmo", r"[A-Za-z0-9]{16}", r"secret"),
    # https://dev.mailjet.com/email/guides/ : API key and secret key, 32 hex each
    _named_b("secrets.mailjet-key", r"mailjet|mj_apikey", r"[a-f0-9]{32}",
           r"private|secret|key"),
    # https://www.plivo.com/docs/getting-started/account-credentials : auth token (40)
    _named_b("secrets.plivo-token", r"plivo", r"[A-Za-z0-9]{40}", r"token|secret"),
    # https://docs.livekit.io/home/get-started/authentication/ : API secret
    _named_b("secrets.livekit-secret", r"livekit", r"[A-Za-z0-9]{32,64}", r"secret"),
    # https://getstream.io/chat/docs/node/tokens_and_authentication/ : API secret
    _named_b("secrets.stream-secret", r"stream_api|getstream|stream_chat", r"[a-z0-9]{64}",
           r"secret"),
    # https://sendbird.com/docs/chat/platform-api/v3/prepare-to-use-api : API tokens (40 hex)
    _named_b("secrets.sendbird-token", r"sendbird", r"[a-f0-9]{40}"),
    # https://api-docs.mailtrap.io/docs/mailtrap-api-docs/ : API tokens (32 hex)
    _named_b("secrets.mailtrap-token", r"mailtrap", r"[a-f0-9]{32}"),
    # https://discord.com/developers/docs/topics/oauth2 : the OAuth2 client secret (32)
    _named_b("secrets.discord-client-secret", r"discord", r"[A-Za-z0-9_\-]{32}", r"secret"),
    # https://ably.com/docs/auth/basic : <app id>.<key id>:<key secret>
    _named_b("secrets.ably-key", r"ably",
           r"[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{6}:[A-Za-z0-9_\-]{43}", _KINDS, ("ably_", "ably-")),
    # https://api.slack.com/authentication/verifying-requests-from-slack : signing secret, 32 hex
    _named_b("secrets.slack-signing-secret", r"slack", r"[a-f0-9]{32}", r"signing",
           ("slack_signing", "slack-signing", "slacksigning")),
    # https://developers.messagebird.com/api/#authentication : access keys, 25 characters
    _named_b("secrets.messagebird-key", r"messagebird|message_bird", r"[A-Za-z0-9]{25}"),
    # https://developers.line.biz/en/docs/messaging-api/getting-started/ : channel secret, 32 hex
    _named_b("secrets.line-channel-secret", r"line_channel|linechannel", r"[a-f0-9]{32}",
           r"secret"),
    # chat and automation webhooks: the URL is the credential
    # https://developers.google.com/workspace/chat/quickstart/webhooks
    _webhook("secrets.google-chat-webhook", "chat.googleapis.com",
             r"https://chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_\-]{6,}/messages\?key="
             r"[A-Za-z0-9_\-]{20,}&token=[A-Za-z0-9_\-%=]{20,}"),
    # https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
    _webhook("secrets.lark-webhook", "/open-apis/bot/v2/hook/",
             rf"https://open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/{_UUID}"),
    # https://open.dingtalk.com/document/robots/custom-robot-access
    _webhook("secrets.dingtalk-webhook", "oapi.dingtalk.com",
             r"https://oapi\.dingtalk\.com/robot/send\?access_token=[a-f0-9]{64}"),
    # https://developer.work.weixin.qq.com/document/path/91770
    _webhook("secrets.wecom-webhook", "qyapi.weixin.qq.com",
             rf"https://qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?key={_UUID}"),
    # https://help.zapier.com/hc/en-us/articles/8496288690317 (Webhooks by Zapier: catch hook)
    _webhook("secrets.zapier-webhook", "hooks.zapier.com",
             r"https://hooks\.zapier\.com/hooks/catch/\d{4,12}/[a-z0-9]{5,12}/?"),
    # payments and commerce
    # https://docs.xendit.co/api-integration/api-keys/ : xnd_production_ (live), xnd_development_
    Detector("secrets.xendit-key", ("xnd_production_", "xnd_development_"),
             re.compile(r"(?<![A-Za-z0-9_])(xnd_(?:production|development)_[A-Za-z0-9+/]{40,100}"
                        r"={0,2})(?![A-Za-z0-9+/=])"), _test_mode("xnd_development_")),
    # https://docs.midtrans.com/docs/retrieving-api-access-keys : server keys (sandbox SB-)
    Detector("secrets.midtrans-server-key", ("Mid-server-",),
             re.compile(r"(?<![A-Za-z0-9_])((?:SB-)?Mid-server-[A-Za-z0-9_\-]{24})"
                        r"(?![A-Za-z0-9_\-])"), _test_mode("SB-Mid-server-")),
    # https://developer.paypal.com/api/rest/authentication/ : OAuth access tokens A21AA...
    _prefixed("secrets.paypal-token", "A21AA", r"[A-Za-z0-9_\-]{80,120}"),
    # https://developer.paypal.com/api/rest/ : client secret (80); the client id is public
    _named_b("secrets.paypal-client-secret", r"paypal", r"[A-Za-z0-9_\-]{80}", r"secret"),
    # https://developers.klaviyo.com/en/docs/authenticate_ : private API keys pk_ and 34 hex
    _prefixed("secrets.klaviyo-key", "pk_", r"[a-f0-9]{34}"),
    # https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication : ck_ and cs_
    Detector("secrets.woocommerce-key", ("ck_", "cs_"),
             re.compile(r"(?<![A-Za-z0-9_])(c[ks]_[a-f0-9]{40})(?![A-Za-z0-9_])"), _not_benign),
    # https://www.checkout.com/docs/developer-resources/api/manage-api-keys : sk_, sandbox
    # sk_sbox_, and the earlier sk_<UUID> / sk_test_<UUID>
    Detector("secrets.checkout-secret-key", ("sk_",),
             re.compile(rf"(?<![A-Za-z0-9_])(sk_(?:sbox_|test_)?(?:[a-z0-9]{{26,27}}|{_UUID}))"
                        r"(?![A-Za-z0-9_\-])"), _test_mode_any(("sk_sbox_", "sk_test_"))),
    # https://razorpay.com/docs/api/authentication/ : the key secret (the rzp_ key id is public)
    _named_b("secrets.razorpay-secret", r"razorpay|rzp", r"[A-Za-z0-9]{24}", r"secret"),
    # https://developer.gocardless.com/getting-started/api/making-your-first-request/ :
    # access tokens live_ (sandbox_ in the sandbox)
    Detector("secrets.gocardless-token", ("live_", "sandbox_"),
             re.compile(r"(?<![A-Za-z0-9_])((?:live|sandbox)_[A-Za-z0-9_\-]{40})"
                        r"(?![A-Za-z0-9_\-])"), _gocardless),
    # https://recurly.com/developers/api/v2021-02-25/ : private API keys (32 hex)
    _named_b("secrets.recurly-key", r"recurly", r"[a-f0-9]{32}"),
    # https://developer.authorize.net/api/reference/index.html : transaction keys (16)
    _named_b("secrets.authorizenet-key", r"authorize_?net|authnet", r"[A-Za-z0-9]{16}",
           r"transaction|key|secret", ("authorizenet", "authorize_net", "authnet")),
    # https://developer.paypal.com/braintree/docs/start/overview : the private key (32 hex)
    _named_b("secrets.braintree-private-key", r"braintree|bt_private", r"[a-f0-9]{32}",
           r"private"),
    # https://developers.taxjar.com/api/reference/#authentication : API token (32 hex)
    _named_b("secrets.taxjar-token", r"taxjar", r"[a-f0-9]{32}"),
    # https://docs.developer.amazonservices.com/en_US/dev_guide/DG_AuthTokens.html
    _prefixed("secrets.amazon-mws-token", "amzn.mws.", _UUID),
    # identity and auth
    # GitHub OAuth client secrets: secrets.github-oauth-secret in the block above
    # https://auth0.com/docs/get-started/applications/application-credentials
    _named_b("secrets.auth0-client-secret", r"auth0", r"[A-Za-z0-9_\-]{64}", r"secret"),
    # https://duo.com/docs/authapi : secret key (40); the integration key DI... is an id
    _named_b("secrets.duo-secret-key", r"duo", r"[A-Za-z0-9]{40}", r"secret|skey",
           ("duo_", "duo-")),
    # https://www.keycloak.org/docs/latest/server_admin/#_client-credentials : client secret
    _named_b("secrets.keycloak-client-secret", r"keycloak|kc_client", r"[A-Za-z0-9]{32}",
           r"secret"),
    # https://developers.onelogin.com/api-docs/2/getting-started/working-with-api-credentials
    _named_b("secrets.onelogin-secret", r"onelogin", r"[a-f0-9]{64}", r"secret"),
    # https://docs.jumpcloud.com/api/ : API keys (40 hex)
    _named_b("secrets.jumpcloud-key", r"jumpcloud", r"[a-f0-9]{40}"),
    # https://developer.spotify.com/documentation/web-api/concepts/apps : client secret (32 hex)
    _named_b("secrets.spotify-client-secret", r"spotify", r"[a-f0-9]{32}", r"secret"),
    # https://datatracker.ietf.org/doc/html/rfc8292 : the VAPID private key (32 bytes, base64url)
    _named_b("secrets.vapid-private-key", r"vapid", r"[A-Za-z0-9_\-]{43}", r"private"),
    # https://developers.facebook.com/docs/facebook-login/security/#appsecret : app secret
    _named_b("secrets.facebook-app-secret", r"facebook|fb_app|meta_app", r"[a-f0-9]{32}",
           r"secret"),
    # https://developer.x.com/en/docs/authentication/oauth-1-0a/api-key-and-secret
    _named_b("secrets.twitter-api-secret", r"twitter|x_api|x_consumer", r"[A-Za-z0-9]{50}",
           r"secret", ("twitter", "x_api", "x_consumer")),
    # SaaS: productivity, CRM, support, docs, design, maps
    # https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/ : ATTA tokens
    _prefixed("secrets.trello-token", "ATTA", r"[a-f0-9]{64}[A-F0-9]{8}"),
    # https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flows.htm :
    # <org id 00D...>!<session>
    Detector("secrets.salesforce-token", ("00D",),
             re.compile(r"(?<![A-Za-z0-9_])(00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,})"),
             _not_benign),
    # https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html
    Detector("secrets.zoho-token", ("1000.",),
             re.compile(r"(?<![A-Za-z0-9_.])(1000\.[a-f0-9]{32}\.[a-f0-9]{32})(?![A-Za-z0-9_])"),
             _not_benign),
    # https://developer.riotgames.com/docs/portal
    _prefixed("secrets.riot-key", "RGAPI-", _UUID),
    # https://cal.com/docs/api-reference/v2/introduction : cal_live_ keys
    _prefixed("secrets.calcom-key", "cal_live_", r"[a-f0-9]{32}"),
    # https://developer.adobe.com/developer-console/docs/guides/authentication/ : p8e- secrets
    _prefixed("secrets.adobe-client-secret", "p8e-", r"[A-Za-z0-9_\-]{32}"),
    # https://www.sanity.io/docs/http-auth : API tokens sk...
    _named_b("secrets.sanity-token", r"sanity", r"sk[A-Za-z0-9]{150,190}", _KINDS, ("sanity_",)),
    # https://steamcommunity.com/dev : Web API keys (32 hex)
    _named_b("secrets.steam-key", r"steam", r"[A-F0-9]{32}", _KINDS,
           ("steam_api", "steam_web", "steam_key", "steamapi")),
    # https://developers.webflow.com/data/reference/authentication : API tokens (64 hex)
    _named_b("secrets.webflow-token", r"webflow", r"[a-f0-9]{64}"),
    # https://developer.todoist.com/rest/v2/#authorization : API tokens (40 hex)
    _named_b("secrets.todoist-token", r"todoist", r"[a-f0-9]{40}"),
    # https://developer.box.com/guides/authentication/tokens/developer-tokens/ (32)
    _named_b("secrets.box-token", r"box", r"[A-Za-z0-9]{32}", _KINDS,
           ("box_developer", "box_client", "box_api", "box_access")),
    # https://developers.freshdesk.com/api/#authentication : API keys (20)
    _named_b("secrets.freshdesk-key", r"freshdesk", r"[A-Za-z0-9]{20}"),
    # https://developer.shodan.io/api/requirements : API keys (32)
    _named_b("secrets.shodan-key", r"shodan", r"[A-Za-z0-9]{32}"),
    # https://docs.virustotal.com/reference/authentication : API keys (64 hex)
    _named_b("secrets.virustotal-key", r"virustotal|vt_api", r"[a-f0-9]{64}"),
    # https://uploadcare.com/docs/api_reference/rest/accessing_files/ : secret key (public key
    # public)
    _named_b("secrets.uploadcare-secret", r"uploadcare", r"[a-f0-9]{20}", r"secret"),
    # https://pipedrive.readme.io/docs/how-to-find-the-api-token : API token (40 hex)
    _named_b("secrets.pipedrive-token", r"pipedrive", r"[a-f0-9]{40}"),
    # https://coda.io/developers/apis/v1 : API tokens (UUIDs)
    _named_b("secrets.coda-token", r"coda", _UUID, _KINDS, ("coda_api", "coda_token", "coda_key")),
    # https://api.jotform.com/docs/ : API keys (32 hex)
    _named_b("secrets.jotform-key", r"jotform", r"[a-f0-9]{32}"),
    # https://developer.tomtom.com/knowledgebase/platform/articles/how-to-get-an-tomtom-api-key/
    _named_b("secrets.tomtom-key", r"tomtom", r"[A-Za-z0-9]{32}"),
    # https://opencagedata.com/api#authentication : API keys (32 hex)
    _named_b("secrets.opencage-key", r"opencage", r"[a-f0-9]{32}"),
    # https://ipinfo.io/developers : access tokens (14 hex)
    _named_b("secrets.ipinfo-token", r"ipinfo", r"[a-f0-9]{14}"),
    # batch 2: more of the vendors a web product has keys for
    # https://developers.google.com/recaptcha/docs/verify : the secret key (the site key is public)
    _named_b("secrets.recaptcha-secret-key", r"recaptcha|captcha", r"6L[A-Za-z0-9_\-]{38}",
           r"secret|private|server"),
    # https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
    _named_b("secrets.turnstile-secret-key", r"turnstile|cf_turnstile", r"0x4[A-Za-z0-9_\-]{32}",
           r"secret|private|server"),
    # https://docs.hcaptcha.com/#verify-the-user-response-server-side : 0x and 40 hex
    _named_b("secrets.hcaptcha-secret", r"hcaptcha", r"0x[a-fA-F0-9]{40}", r"secret|private"),
    # https://www.revenuecat.com/docs/projects/authentication : secret keys sk_ (the app-specific
    # public keys appl_/goog_/amzn_/strp_ ship in apps)
    _named_b("secrets.revenuecat-key", r"revenuecat|revenue_cat|rc_secret|rc_api",
           r"sk_[A-Za-z0-9]{32}"),
    # https://docs.helicone.ai/getting-started/quick-start : sk-helicone- keys
    _prefixed("secrets.helicone-key", "sk-helicone-",
              r"(?:eu-)?[a-z0-9]{7}(?:-[a-z0-9]{7}){3}"),
    # https://docs.runpod.io/get-started/api-keys : rpa_ keys
    _prefixed("secrets.runpod-key", "rpa_", r"[A-Za-z0-9]{30,60}"),
    # https://docs.cartesia.ai/get-started/make-an-api-request : sk_car_ keys
    _prefixed("secrets.cartesia-key", "sk_car_", r"[A-Za-z0-9]{20,64}"),
    # https://docs.apify.com/platform/integrations/api#api-token : apify_api_ and 36
    _prefixed("secrets.apify-token", "apify_api_", r"[A-Za-z0-9]{36}"),
    # https://docs.mem0.ai/platform/quickstart : m0- keys
    Detector("secrets.mem0-key", ("m0-",),
             re.compile(r"(?<![A-Za-z0-9_\-])(m0-[A-Za-z0-9]{30,60})(?![A-Za-z0-9_\-])"), _random),
    # https://developers.deepl.com/docs/getting-started/auth : a UUID, ":fx" for DeepL API Free
    Detector("secrets.deepl-key", (":fx",),
             re.compile(rf"(?<![A-Za-z0-9_\-])({_UUID}:fx)(?![A-Za-z0-9_\-])"), _not_benign),
    _named_b("secrets.deepl-key", r"deepl", rf"{_UUID}(?::fx)?"),
    # https://docs.neptune.ai/setup/setting_api_token/ : base64 of {"api_address", "api_url",
    # "api_key"}
    Detector("secrets.neptune-token", ("eyJhcGlfYWRkcmVzcyI6",),
             re.compile(r"(?<![A-Za-z0-9_\-])(eyJhcGlfYWRkcmVzcyI6[A-Za-z0-9+/_\-]{80,}={0,2})"),
             _json_token("", "api_address", "api_key")),
    # https://www.kaggle.com/docs/api : KAGGLE_KEY, 32 hex
    _named_b("secrets.kaggle-key", r"kaggle", r"[a-f0-9]{32}"),
    # messaging
    # https://docs.novu.co/api-reference/overview : API keys (32 hex)
    _named_b("secrets.novu-key", r"novu", r"[a-f0-9]{32}"),
    # https://documentation.onesignal.com/docs/keys-and-ids : the app or organization API key
    _named_b("secrets.onesignal-key", r"onesignal|one_signal", r"[A-Za-z0-9_]{40,130}"),
    # https://developers.mattermost.com/integrate/reference/personal-access-token/ : 26 [a-z0-9]
    _named_b("secrets.mattermost-token", r"mattermost", r"[a-z0-9]{26}"),
    # https://zulip.com/api/api-keys : API keys (32)
    _named_b("secrets.zulip-key", r"zulip", r"[A-Za-z0-9]{32}"),
    # https://docs.pushbullet.com/#authentication : access tokens o.<32>
    _named_b("secrets.pushbullet-token", r"pushbullet", r"o\.[A-Za-z0-9]{32}"),
    # https://docs.daily.co/reference/rest-api#authentication : API keys (64 hex)
    _named_b("secrets.daily-key", r"daily", r"[a-f0-9]{64}", _KINDS, ("daily_api", "daily_key")),
    # https://developers.zoom.us/docs/internal-apps/s2s-oauth/ : client secret (32)
    _named_b("secrets.zoom-client-secret", r"zoom", r"[A-Za-z0-9]{32}", r"secret"),
    # automation webhooks: https://www.make.com/en/help/tools/webhooks,
    # https://help.ifttt.com/hc/en-us/articles/115010230347, https://pipedream.com/docs/workflows/
    # building-workflows/triggers/#http
    _webhook("secrets.make-webhook", ".make.com/",
             r"https://hook\.(?:eu|us)\d\.make\.com/[a-z0-9]{32}"),
    _webhook("secrets.ifttt-webhook", "maker.ifttt.com",
             r"https://maker\.ifttt\.com/(?:trigger/[\w.-]{1,64}/(?:json/)?with/)?key/"
             r"[A-Za-z0-9_\-]{22,43}"),
    # payments
    # https://docs.wise.com/api-docs/features/authentication-access/personal-tokens : UUIDs
    _named_b("secrets.wise-token", r"wise|transferwise", _UUID, _KINDS,
           ("wise_api", "wise_token", "wise_key", "transferwise")),
    # SaaS, media, geo
    # https://docs.imagekit.io/api-reference/api-introduction/api-keys : private_ (public_ public)
    Detector("secrets.imagekit-private-key", ("private_",),
             re.compile(r"(?<![A-Za-z0-9_])(private_[A-Za-z0-9+/]{27,40}=?)(?![A-Za-z0-9+/=])"),
             _random_body("private_")),
    # https://docs.mux.com/core/make-api-requests : the access token secret
    _named_b("secrets.mux-secret", r"mux", r"[A-Za-z0-9+/]{60,100}={0,2}", r"secret"),
    # https://developer.vimeo.com/api/authentication : access tokens (32 hex)
    _named_b("secrets.vimeo-token", r"vimeo", r"[a-f0-9]{32}"),
    # https://unsplash.com/documentation#authorization : the secret key (the access key is public)
    _named_b("secrets.unsplash-secret", r"unsplash", r"[A-Za-z0-9_\-]{43}", r"secret"),
    # https://newsapi.org/docs/authentication : API keys (32 hex)
    _named_b("secrets.newsapi-key", r"newsapi|news_api", r"[a-f0-9]{32}"),
    # https://openweathermap.org/appid : API keys (32 hex)
    _named_b("secrets.openweather-key", r"openweather|owm", r"[a-f0-9]{32}", _KINDS,
           ("openweather", "owm_")),
    # https://haveibeenpwned.com/API/Key : API keys (32 hex)
    _named_b("secrets.hibp-key", r"hibp|haveibeenpwned", r"[a-f0-9]{32}"),
    # https://docs.rapidapi.com/docs/keys-and-key-rotation : X-RapidAPI-Key (50)
    _named_b("secrets.rapidapi-key", r"rapidapi|x-rapidapi", r"[A-Za-z0-9]{50}"),
    # https://developers.lokalise.com/reference/api-authentication : API tokens (40 hex)
    _named_b("secrets.lokalise-token", r"lokalise", r"[a-f0-9]{40}"),
    # https://support.crowdin.com/account-settings/#api : personal access tokens (80 hex)
    _named_b("secrets.crowdin-token", r"crowdin", r"[a-f0-9]{80}"),
    # https://developers.transifex.com/reference/api-authentication : 1/<40 hex>
    _named_b("secrets.transifex-token", r"transifex|tx_token", r"1/[a-f0-9]{40}"),
    # https://www.here.com/docs/bundle/identity-and-access-management-developer-guide/ : API keys
    _named_b("secrets.here-key", r"here", r"[A-Za-z0-9_\-]{43}", _KINDS,
           ("here_api", "here_key", "here_access")),
    # https://apidocs.geoapify.com/docs/ : API keys (32 hex)
    _named_b("secrets.geoapify-key", r"geoapify", r"[a-f0-9]{32}"),
    # https://ipgeolocation.io/documentation.html : API keys (32 hex)
    _named_b("secrets.ipgeolocation-key", r"ipgeolocation|ipgeo", r"[a-f0-9]{32}"),
    # https://dev.maxmind.com/geoip/updating-databases : license keys (legacy 16, or
    # <6>_<29>_mmk)
    _named_b("secrets.maxmind-license-key", r"maxmind|geoipupdate|geoip",
           r"[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk|[A-Za-z0-9]{16}", r"license|licence|key"),
)
VENDOR_DETECTORS += _S7B_DETECTORS
# --- end of session 7 (vendors-b) detectors ---


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


# --- messaging, payments, identity, AI, SaaS (session 7, vendors-b): public ids, near-misses ---
# Documented public ids and client keys of the vendors above (published in browsers and apps, or an
# id beside its secret): a value with one of these prefixes is never a generic password.
# PubNub publish/subscribe keys, Langfuse public keys, Xendit public keys, Midtrans client keys,
# Checkout.com public keys, GitHub OAuth/App client ids, Razorpay key ids, Modal token ids
_PUBLIC_PREFIXES = ("pub-c-", "sub-c-", "pk-lf-", "xnd_public_", "Mid-client-", "SB-Mid-client-",
                    "pk_sbox_", "Iv1.", "Iv23", "Ov23li", "rzp_live_", "rzp_test_", "ak-",
                    # RevenueCat's app-specific public keys, Recurly.js public keys
                    "appl_", "goog_", "amzn_", "strp_", "ewr1-")
# prefixes that are no detector trigger, or shorter than VENDOR_PREFIXES takes: a value with one is
# judged by its vendor's format alone (a truncated copy is a near-miss, not a generic password)
_S7B_PREFIXES = ("A21AA", "ATTA", "RGAPI-", "SB-Mid-server-", "sk-lf-", "00D")
VENDOR_PREFIXES = tuple(sorted({*VENDOR_PREFIXES, *_PUBLIC_PREFIXES, *_S7B_PREFIXES}))
# the outlines of formats told apart by their structure: Salesforce <org id>!<session>, Zoho
# 1000.<hex>.<hex>, SMTP2GO api-<upper-case hex>, DeepSeek sk-<hex>
SHAPES += (
    Shape("secrets.salesforce-token", re.compile(r"^00D[A-Za-z0-9]{4,20}!"),
          re.compile(r"^00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,}$")),
    Shape("secrets.zoho-token", re.compile(r"^1000\.[a-z0-9]{8,}\.[a-z0-9]{8,}$"),
          re.compile(r"^1000\.[a-f0-9]{32}\.[a-f0-9]{32}$")),
    Shape("secrets.smtp2go-key", re.compile(r"^api-[A-Z0-9]{12,40}$"),
          re.compile(r"^api-[A-F0-9]{32}$")),
    # Braintree tokenization keys are public (https://developer.paypal.com/braintree/docs/guides/
    # authorization/tokenization-key): their outline matches, their "exact form" never does
    Shape("secrets.braintree-token",
          re.compile(r"^(?:sandbox|production)_[a-z0-9]{8}_[a-z0-9]{16}$"), re.compile(r"(?!)")),
)
# names whose value the vendor documents as public (shipped to browsers and apps): Pusher's app key,
# Trello's API key, Stream's API key, Uploadcare's public key, Algolia's search-only key, the site
# keys of reCAPTCHA, hCaptcha and Turnstile (https://pusher.com/docs/channels/using_channels/
# connection/, https://developer.atlassian.com/cloud/trello/guides/rest-api/api-introduction/,
# https://getstream.io/chat/docs/node/tokens_and_authentication/,
# https://www.algolia.com/doc/guides/security/api-keys/, https://developers.google.com/recaptcha/
# docs/display, https://docs.hcaptcha.com/, https://developers.cloudflare.com/turnstile/)
_PUBLIC_BY_VENDOR = re.compile(
    r"(?<![a-z0-9])(?:pusher(?:[_.-]?app)?[_.-]?key|trello(?:[_.-]?api)?[_.-]?key"
    r"|stream(?:[_.-]?api)?[_.-]?key|uploadcare[_.-]?pub(?:lic)?[_.-]?key"
    r"|algolia[_.-]?search(?:[_.-]?only)?(?:[_.-]?api)?[_.-]?key"
    r"|(?:re|h)?captcha[_.-]?site[_.-]?key|turnstile[_.-]?site[_.-]?key"
    # Adyen's client key, Paddle's client-side token, Shopify's (public) Storefront token,
    # Unsplash's access key (https://docs.adyen.com/development-resources/client-side-authentication/
    # https://developer.paddle.com/paddlejs/client-side-tokens, https://shopify.dev/docs/api/
    # storefront#authentication, https://unsplash.com/documentation#authorization)
    r"|adyen[_.-]?client[_.-]?key|paddle[_.-]?client[_.-]?(?:side[_.-]?)?token"
    r"|shopify[_.-]?(?:public[_.-]?)?storefront[_.-]?(?:api[_.-]?)?(?:access[_.-]?)?token"
    r"|unsplash[_.-]?access[_.-]?key)(?![a-z0-9_])",
    re.IGNORECASE,
)


def public_by_vendor(name: str) -> bool:
    """Whether ``name`` (snake-cased) holds a key its vendor documents as public (a private
    Storefront token is not)."""
    return bool(_PUBLIC_BY_VENDOR.search(name)) and "private" not in name.lower()
# word-like prefixes (``live_``) stay with the generic rule; next to the vendor's own name, a value
# with the vendor's prefix and not its documented shape is a cut or mistyped copy: Mollie's live_/
# test_ and 30 letters and digits (https://docs.mollie.com/reference/authentication), GoCardless's
# live_/sandbox_ and 40
_NAMED_SHAPES: tuple[tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str]], ...] = (
    (re.compile(r"(?i)mollie"), ("live_", "test_"), re.compile(r"^(?:live|test)_[A-Za-z0-9]{30}$")),
    (re.compile(r"(?i)gocardless"), ("live_", "sandbox_"),
     re.compile(r"^(?:live|sandbox)_[A-Za-z0-9_\-]{40}$")),
)


def named_near_miss(key: str, value: str) -> bool:
    """``MOLLIE_API_KEY=live_<20>``: the vendor's prefix, next to its name, in a shape it never
    issues."""
    return any(words.search(key) and value.startswith(prefixes) and not exact.match(value)
               for words, prefixes, exact in _NAMED_SHAPES)
# --- end of session 7 (vendors-b) public ids and near-misses ---


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
