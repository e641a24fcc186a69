"""Vendor token formats added for issue 16, each written from the vendor's documentation (the pages
are named in benchmarks/secrets_outside/*.yaml): package registries, CI/CD, hosting, messaging, AI,
identity, productivity, observability, feature flags, payments and secret managers.

Also the near-miss test the judgement detectors use: a value that carries a vendor's documented
prefix or structural marker is judged by that vendor's format alone, so a truncated or
out-of-alphabet look-alike next to a ``*_TOKEN`` name is not reported as a generic password
either."""

from __future__ import annotations

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


def _named(rule: str, words: str, value: str, kinds: str = _KINDS,
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
    _named("secrets.wandb-key", r"wandb", r"[a-f0-9]{40}"),
    # https://serpapi.com/search-api : api_key, 64 hex
    _named("secrets.serpapi-key", r"serpapi|serp_api", r"[a-f0-9]{64}"),
    # https://docs.fal.ai/authentication : FAL_KEY is <key id (UUID)>:<key secret (32 hex)>
    _named("secrets.fal-key", r"fal", rf"{_UUID}:[a-f0-9]{{32}}", _KINDS,
           ("fal_key", "fal_api", "fal_secret")),
    # https://docs.exa.ai/reference/getting-started : EXA_API_KEY, a UUID
    _named("secrets.exa-key", r"exa_api|exa_key", _UUID),
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
    _named("secrets.pushover-token", r"pushover", r"[A-Za-z0-9]{30}"),
    # https://docs.agora.io/en/video-calling/get-started/manage-agora-account : app certificate
    _named("secrets.agora-certificate", r"agora", r"[a-f0-9]{32}", r"certificate|cert"),
    # https://pusher.com/docs/channels/server_api/authenticating-users/ : app secret, 20 hex
    _named("secrets.pusher-secret", r"pusher", r"[a-f0-9]{20}", r"secret"),
    # https://developer.vonage.com/en/getting-started/concepts/authentication : API secret
    _named("secrets.vonage-secret", r"vonage|nexmo", r"[A-Za-z0-9]{16}", r"secret"),
    # https://dev.mailjet.com/email/guides/ : API key and secret key, 32 hex each
    _named("secrets.mailjet-key", r"mailjet|mj_apikey", r"[a-f0-9]{32}",
           r"private|secret|key"),
    # https://www.plivo.com/docs/getting-started/account-credentials : auth token (40)
    _named("secrets.plivo-token", r"plivo", r"[A-Za-z0-9]{40}", r"token|secret"),
    # https://docs.livekit.io/home/get-started/authentication/ : API secret
    _named("secrets.livekit-secret", r"livekit", r"[A-Za-z0-9]{32,64}", r"secret"),
    # https://getstream.io/chat/docs/node/tokens_and_authentication/ : API secret
    _named("secrets.stream-secret", r"stream_api|getstream|stream_chat", r"[a-z0-9]{64}",
           r"secret"),
    # https://sendbird.com/docs/chat/platform-api/v3/prepare-to-use-api : API tokens (40 hex)
    _named("secrets.sendbird-token", r"sendbird", r"[a-f0-9]{40}"),
    # https://api-docs.mailtrap.io/docs/mailtrap-api-docs/ : API tokens (32 hex)
    _named("secrets.mailtrap-token", r"mailtrap", r"[a-f0-9]{32}"),
    # https://discord.com/developers/docs/topics/oauth2 : the OAuth2 client secret (32)
    _named("secrets.discord-client-secret", r"discord", r"[A-Za-z0-9_\-]{32}", r"secret"),
    # https://ably.com/docs/auth/basic : <app id>.<key id>:<key secret>
    _named("secrets.ably-key", r"ably",
           r"[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{6}:[A-Za-z0-9_\-]{43}", _KINDS, ("ably_", "ably-")),
    # https://api.slack.com/authentication/verifying-requests-from-slack : signing secret, 32 hex
    _named("secrets.slack-signing-secret", r"slack", r"[a-f0-9]{32}", r"signing",
           ("slack_signing", "slack-signing", "slacksigning")),
    # https://developers.messagebird.com/api/#authentication : access keys, 25 characters
    _named("secrets.messagebird-key", r"messagebird|message_bird", r"[A-Za-z0-9]{25}"),
    # https://developers.line.biz/en/docs/messaging-api/getting-started/ : channel secret, 32 hex
    _named("secrets.line-channel-secret", r"line_channel|linechannel", r"[a-f0-9]{32}",
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
    _named("secrets.paypal-client-secret", r"paypal", r"[A-Za-z0-9_\-]{80}", r"secret"),
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
    _named("secrets.razorpay-secret", r"razorpay|rzp", r"[A-Za-z0-9]{24}", r"secret"),
    # https://developer.gocardless.com/getting-started/api/making-your-first-request/ :
    # access tokens live_ (sandbox_ in the sandbox)
    Detector("secrets.gocardless-token", ("live_", "sandbox_"),
             re.compile(r"(?<![A-Za-z0-9_])((?:live|sandbox)_[A-Za-z0-9_\-]{40})"
                        r"(?![A-Za-z0-9_\-])"), _gocardless),
    # https://recurly.com/developers/api/v2021-02-25/ : private API keys (32 hex)
    _named("secrets.recurly-key", r"recurly", r"[a-f0-9]{32}"),
    # https://developer.authorize.net/api/reference/index.html : transaction keys (16)
    _named("secrets.authorizenet-key", r"authorize_?net|authnet", r"[A-Za-z0-9]{16}",
           r"transaction|key|secret", ("authorizenet", "authorize_net", "authnet")),
    # https://developer.paypal.com/braintree/docs/start/overview : the private key (32 hex)
    _named("secrets.braintree-private-key", r"braintree|bt_private", r"[a-f0-9]{32}",
           r"private"),
    # https://developers.taxjar.com/api/reference/#authentication : API token (32 hex)
    _named("secrets.taxjar-token", r"taxjar", r"[a-f0-9]{32}"),
    # https://docs.developer.amazonservices.com/en_US/dev_guide/DG_AuthTokens.html
    _prefixed("secrets.amazon-mws-token", "amzn.mws.", _UUID),
    # identity and auth
    # https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps :
    # client secrets are 40 hex (client ids Iv1./Iv23/Ov23 are public)
    _named("secrets.github-client-secret", r"github|gh_oauth|gh_client", r"[a-f0-9]{40}",
           r"secret", ("github_", "github-", "gh_oauth", "gh_client")),
    # https://auth0.com/docs/get-started/applications/application-credentials
    _named("secrets.auth0-client-secret", r"auth0", r"[A-Za-z0-9_\-]{64}", r"secret"),
    # https://duo.com/docs/authapi : secret key (40); the integration key DI... is an id
    _named("secrets.duo-secret-key", r"duo", r"[A-Za-z0-9]{40}", r"secret|skey",
           ("duo_", "duo-")),
    # https://www.keycloak.org/docs/latest/server_admin/#_client-credentials : client secret
    _named("secrets.keycloak-client-secret", r"keycloak|kc_client", r"[A-Za-z0-9]{32}",
           r"secret"),
    # https://developers.onelogin.com/api-docs/2/getting-started/working-with-api-credentials
    _named("secrets.onelogin-secret", r"onelogin", r"[a-f0-9]{64}", r"secret"),
    # https://docs.jumpcloud.com/api/ : API keys (40 hex)
    _named("secrets.jumpcloud-key", r"jumpcloud", r"[a-f0-9]{40}"),
    # https://developer.spotify.com/documentation/web-api/concepts/apps : client secret (32 hex)
    _named("secrets.spotify-client-secret", r"spotify", r"[a-f0-9]{32}", r"secret"),
    # https://datatracker.ietf.org/doc/html/rfc8292 : the VAPID private key (32 bytes, base64url)
    _named("secrets.vapid-private-key", r"vapid", r"[A-Za-z0-9_\-]{43}", r"private"),
    # https://developers.facebook.com/docs/facebook-login/security/#appsecret : app secret
    _named("secrets.facebook-app-secret", r"facebook|fb_app|meta_app", r"[a-f0-9]{32}",
           r"secret"),
    # https://developer.x.com/en/docs/authentication/oauth-1-0a/api-key-and-secret
    _named("secrets.twitter-api-secret", r"twitter|x_api|x_consumer", r"[A-Za-z0-9]{50}",
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
    _named("secrets.sanity-token", r"sanity", r"sk[A-Za-z0-9]{150,190}", _KINDS, ("sanity_",)),
    # https://steamcommunity.com/dev : Web API keys (32 hex)
    _named("secrets.steam-key", r"steam", r"[A-F0-9]{32}", _KINDS,
           ("steam_api", "steam_web", "steam_key", "steamapi")),
    # https://developers.webflow.com/data/reference/authentication : API tokens (64 hex)
    _named("secrets.webflow-token", r"webflow", r"[a-f0-9]{64}"),
    # https://developer.todoist.com/rest/v2/#authorization : API tokens (40 hex)
    _named("secrets.todoist-token", r"todoist", r"[a-f0-9]{40}"),
    # https://developer.box.com/guides/authentication/tokens/developer-tokens/ (32)
    _named("secrets.box-token", r"box", r"[A-Za-z0-9]{32}", _KINDS,
           ("box_developer", "box_client", "box_api", "box_access")),
    # https://developers.freshdesk.com/api/#authentication : API keys (20)
    _named("secrets.freshdesk-key", r"freshdesk", r"[A-Za-z0-9]{20}"),
    # https://developer.shodan.io/api/requirements : API keys (32)
    _named("secrets.shodan-key", r"shodan", r"[A-Za-z0-9]{32}"),
    # https://docs.virustotal.com/reference/authentication : API keys (64 hex)
    _named("secrets.virustotal-key", r"virustotal|vt_api", r"[a-f0-9]{64}"),
    # https://uploadcare.com/docs/api_reference/rest/accessing_files/ : secret key (public key
    # public)
    _named("secrets.uploadcare-secret", r"uploadcare", r"[a-f0-9]{20}", r"secret"),
    # https://pipedrive.readme.io/docs/how-to-find-the-api-token : API token (40 hex)
    _named("secrets.pipedrive-token", r"pipedrive", r"[a-f0-9]{40}"),
    # https://coda.io/developers/apis/v1 : API tokens (UUIDs)
    _named("secrets.coda-token", r"coda", _UUID, _KINDS, ("coda_api", "coda_token", "coda_key")),
    # https://api.jotform.com/docs/ : API keys (32 hex)
    _named("secrets.jotform-key", r"jotform", r"[a-f0-9]{32}"),
    # https://developer.tomtom.com/knowledgebase/platform/articles/how-to-get-an-tomtom-api-key/
    _named("secrets.tomtom-key", r"tomtom", r"[A-Za-z0-9]{32}"),
    # https://opencagedata.com/api#authentication : API keys (32 hex)
    _named("secrets.opencage-key", r"opencage", r"[a-f0-9]{32}"),
    # https://ipinfo.io/developers : access tokens (14 hex)
    _named("secrets.ipinfo-token", r"ipinfo", r"[a-f0-9]{14}"),
    # batch 2: more of the vendors a web product has keys for
    # https://developers.google.com/recaptcha/docs/verify : the secret key (the site key is public)
    _named("secrets.recaptcha-secret-key", r"recaptcha|captcha", r"6L[A-Za-z0-9_\-]{38}",
           r"secret|private|server"),
    # https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
    _named("secrets.turnstile-secret-key", r"turnstile|cf_turnstile", r"0x4[A-Za-z0-9_\-]{32}",
           r"secret|private|server"),
    # https://docs.hcaptcha.com/#verify-the-user-response-server-side : 0x and 40 hex
    _named("secrets.hcaptcha-secret", r"hcaptcha", r"0x[a-fA-F0-9]{40}", r"secret|private"),
    # https://www.revenuecat.com/docs/projects/authentication : secret keys sk_ (the app-specific
    # public keys appl_/goog_/amzn_/strp_ ship in apps)
    _named("secrets.revenuecat-key", r"revenuecat|revenue_cat|rc_secret|rc_api",
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
    _named("secrets.deepl-key", r"deepl", rf"{_UUID}(?::fx)?"),
    # https://docs.neptune.ai/setup/setting_api_token/ : base64 of {"api_address", "api_url",
    # "api_key"}
    Detector("secrets.neptune-token", ("eyJhcGlfYWRkcmVzcyI6",),
             re.compile(r"(?<![A-Za-z0-9_\-])(eyJhcGlfYWRkcmVzcyI6[A-Za-z0-9+/_\-]{80,}={0,2})"),
             _json_token("", "api_address", "api_key")),
    # https://www.kaggle.com/docs/api : KAGGLE_KEY, 32 hex
    _named("secrets.kaggle-key", r"kaggle", r"[a-f0-9]{32}"),
    # messaging
    # https://docs.novu.co/api-reference/overview : API keys (32 hex)
    _named("secrets.novu-key", r"novu", r"[a-f0-9]{32}"),
    # https://documentation.onesignal.com/docs/keys-and-ids : the app or organization API key
    _named("secrets.onesignal-key", r"onesignal|one_signal", r"[A-Za-z0-9_]{40,130}"),
    # https://developers.mattermost.com/integrate/reference/personal-access-token/ : 26 [a-z0-9]
    _named("secrets.mattermost-token", r"mattermost", r"[a-z0-9]{26}"),
    # https://zulip.com/api/api-keys : API keys (32)
    _named("secrets.zulip-key", r"zulip", r"[A-Za-z0-9]{32}"),
    # https://docs.pushbullet.com/#authentication : access tokens o.<32>
    _named("secrets.pushbullet-token", r"pushbullet", r"o\.[A-Za-z0-9]{32}"),
    # https://docs.daily.co/reference/rest-api#authentication : API keys (64 hex)
    _named("secrets.daily-key", r"daily", r"[a-f0-9]{64}", _KINDS, ("daily_api", "daily_key")),
    # https://developers.zoom.us/docs/internal-apps/s2s-oauth/ : client secret (32)
    _named("secrets.zoom-client-secret", r"zoom", r"[A-Za-z0-9]{32}", r"secret"),
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
    _named("secrets.wise-token", r"wise|transferwise", _UUID, _KINDS,
           ("wise_api", "wise_token", "wise_key", "transferwise")),
    # SaaS, media, geo
    # https://docs.imagekit.io/api-reference/api-introduction/api-keys : private_ (public_ public)
    Detector("secrets.imagekit-private-key", ("private_",),
             re.compile(r"(?<![A-Za-z0-9_])(private_[A-Za-z0-9+/]{27,40}=?)(?![A-Za-z0-9+/=])"),
             _random_body("private_")),
    # https://docs.mux.com/core/make-api-requests : the access token secret
    _named("secrets.mux-secret", r"mux", r"[A-Za-z0-9+/]{60,100}={0,2}", r"secret"),
    # https://developer.vimeo.com/api/authentication : access tokens (32 hex)
    _named("secrets.vimeo-token", r"vimeo", r"[a-f0-9]{32}"),
    # https://unsplash.com/documentation#authorization : the secret key (the access key is public)
    _named("secrets.unsplash-secret", r"unsplash", r"[A-Za-z0-9_\-]{43}", r"secret"),
    # https://newsapi.org/docs/authentication : API keys (32 hex)
    _named("secrets.newsapi-key", r"newsapi|news_api", r"[a-f0-9]{32}"),
    # https://openweathermap.org/appid : API keys (32 hex)
    _named("secrets.openweather-key", r"openweather|owm", r"[a-f0-9]{32}", _KINDS,
           ("openweather", "owm_")),
    # https://haveibeenpwned.com/API/Key : API keys (32 hex)
    _named("secrets.hibp-key", r"hibp|haveibeenpwned", r"[a-f0-9]{32}"),
    # https://docs.rapidapi.com/docs/keys-and-key-rotation : X-RapidAPI-Key (50)
    _named("secrets.rapidapi-key", r"rapidapi|x-rapidapi", r"[A-Za-z0-9]{50}"),
    # https://developers.lokalise.com/reference/api-authentication : API tokens (40 hex)
    _named("secrets.lokalise-token", r"lokalise", r"[a-f0-9]{40}"),
    # https://support.crowdin.com/account-settings/#api : personal access tokens (80 hex)
    _named("secrets.crowdin-token", r"crowdin", r"[a-f0-9]{80}"),
    # https://developers.transifex.com/reference/api-authentication : 1/<40 hex>
    _named("secrets.transifex-token", r"transifex|tx_token", r"1/[a-f0-9]{40}"),
    # https://www.here.com/docs/bundle/identity-and-access-management-developer-guide/ : API keys
    _named("secrets.here-key", r"here", r"[A-Za-z0-9_\-]{43}", _KINDS,
           ("here_api", "here_key", "here_access")),
    # https://apidocs.geoapify.com/docs/ : API keys (32 hex)
    _named("secrets.geoapify-key", r"geoapify", r"[a-f0-9]{32}"),
    # https://ipgeolocation.io/documentation.html : API keys (32 hex)
    _named("secrets.ipgeolocation-key", r"ipgeolocation|ipgeo", r"[a-f0-9]{32}"),
    # https://dev.maxmind.com/geoip/updating-databases : license keys (legacy 16, or
    # <6>_<29>_mmk)
    _named("secrets.maxmind-license-key", r"maxmind|geoipupdate|geoip",
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
    body = value.replace("-", "")
    if len(body) < 8 or sum(c not in "0123456789abcdefABCDEF" for c in body) > 1:
        return False
    return any(words.search(key) and not exact.match(value) for words, exact in _CTX_HEX)


def vendor_prefixed(value: str) -> bool:
    """True when ``value`` has a vendor's documented token prefix or marker: the vendor's own
    detector decides then, and a value that fails its format is a near-miss (truncated, out of
    alphabet)."""
    return (value.startswith(VENDOR_PREFIXES) or bool(_NEAR_MISS.search(value))
            or vendor_shape(value) is not None)
