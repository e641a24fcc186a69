"""The secrets check's rule table: one Rule per kind of credential, with why it matters and how to
fix it."""

from __future__ import annotations

from launchgate.model import Rule, Severity

_ROTATE = ("Revoke and rotate the {what} now (once committed, printed in a log or shipped in a "
           "bundle, it stays readable), then load it from the deploy platform's secret store.")
_SUPPRESS = ("If this value is fake or public by design, add `pragma: allowlist secret` or "
             "`launchgate: ignore[{id}] reason` on the line, or record it with `launchgate "
             "baseline`.")


def _r(slug: str, what: str, severity: Severity, why: str, fix: str = "") -> Rule:
    rid = f"secrets.{slug}"
    title = what if what.startswith("npm") else what[0].upper() + what[1:]
    return Rule(id=rid, title=f"{title} committed", severity=severity, why=why,
                fix=fix or _ROTATE.format(what=what), suppress=_SUPPRESS.format(id=rid))


H, B, M, L, INFO = Severity.HIGH, Severity.BLOCKER, Severity.MEDIUM, Severity.LOW, Severity.INFO

RULES: tuple[Rule, ...] = (
    _r("aws-access-key", "AWS access key", H, "An AWS key id, with its secret key, signs API "
       "calls as that IAM user."),
    _r("aws-secret-key", "AWS secret access key", H, "The secret half of an AWS access key pair."),
    _r("gcp-service-account", "GCP service-account key", H, "A service-account JSON key acts as "
       "that account."),
    _r("firebase-admin-key", "Firebase Admin SDK key", H,
       "The Admin SDK bypasses Firebase security rules: full read/write on the project's data and "
       "users."),
    _r("azure-storage-key", "Azure storage account key", H, "An account key gives full access to "
       "the storage account."),
    _r("github-token", "GitHub token", H, "A GitHub token acts as its user or app on every "
       "repository it can reach."),
    _r("gitlab-token", "GitLab token", H, "A GitLab token acts as its user, runner or deploy key."),
    _r("npm-token", "npm token", H, "An npm token can publish packages: a supply-chain attack on "
       "every user."),
    _r("pypi-token", "PyPI token", H,
       "A PyPI token can upload releases of the project's packages."),
    _r("dockerhub-token", "Docker Hub token", H, "A Docker Hub token can push images that deploys "
       "then pull."),
    _r("stripe-secret-key", "Stripe secret key", H, "A live Stripe secret or restricted key moves "
       "money and reads customer payment data; " "test-mode keys are reported low."),
    _r("stripe-webhook-secret", "Stripe webhook signing secret", M,
       "With the signing secret anyone can forge Stripe events (paid orders) to the webhook "
       "endpoint."),
    _r("twilio-key", "Twilio credential", H, "Twilio credentials send SMS and calls billed to the "
       "account."),
    _r("sendgrid-key", "SendGrid API key", H, "A SendGrid key sends mail as the product's domain "
       "(phishing)."),
    _r("mailgun-key", "Mailgun API key", H, "A Mailgun key sends mail as the product's domain."),
    _r("postmark-token", "Postmark server token", H, "A Postmark token sends mail as the "
       "product's domain."),
    _r("resend-key", "Resend API key", H, "A Resend key sends mail as the product's domain."),
    _r("slack-token", "Slack token", H, "A Slack token reads and posts in the workspace as its "
       "bot or user."),
    _r("slack-webhook", "Slack incoming webhook", M, "Anyone with the URL can post into the "
       "channel."),
    _r("openai-key", "OpenAI API key", H,
       "An OpenAI key runs up usage billed to the organisation."),
    _r("anthropic-key", "Anthropic API key", H, "An Anthropic key runs up usage billed to the "
       "organisation."),
    _r("supabase-service-role-key", "Supabase service-role key", B,
       "The service-role key bypasses row-level security: full access to every table and user."),
    _r("clerk-secret-key", "Clerk secret key", H, "A Clerk secret key manages users and sessions "
       "of the app."),
    _r("vercel-token", "Vercel token", H, "A Vercel token deploys, reads env vars and deletes "
       "projects."),
    _r("shopify-token", "Shopify access token", H, "A Shopify token reads orders and customers of "
       "the store."),
    _r("private-key", "private key", H, "A private key (TLS, SSH, signing, PGP) lets anyone "
       "impersonate its owner.",
       "Remove the key, treat it as compromised (reissue certificates, replace SSH keys), keep "
       "keys out of git."),
    _r("jwt-token", "JWT bearer token", M, "A signed token with privileged or non-expiring claims "
       "is a credential."),
    _r("database-url-password", "database URL with a password", H,
       "A connection URL with its password gives direct access to the database or broker."),
    _r("url-password", "URL with an embedded password", M, "Credentials embedded in a URL are "
       "sent and logged widely."),
    _r("generic-password", "hard-coded password or secret", M,
       "A password or token assigned in code or config is readable by everyone with the "
       "repository.",
       "Move the value to an environment variable or secret store, rotate it, and reference it by "
       "name."),
    _r("env-schema-secret", "value of a secret environment variable", B,
       "This is the exact value (or its base64 / URL-encoded form) of a variable env.schema.yaml "
       "marks secret: no guesswork, the real secret is in the repository or the build output.",
       "Rotate the secret, remove it from the file, and make sure the bundler does not inline "
       "server-only vars."),
    _r("huggingface-token", "Hugging Face token", H, "A Hugging Face token reads private models "
       "and datasets."),
    _r("replicate-token", "Replicate API token", H, "A Replicate token runs models billed to the "
       "account."),
    _r("groq-key", "Groq API key", H, "A Groq key runs inference billed to the account."),
    _r("mapbox-secret-token", "Mapbox secret token", H, "A Mapbox secret (sk.) token manages the "
       "account; public pk. tokens are fine in " "client code."),
    _r("digitalocean-token", "DigitalOcean token", H, "A DigitalOcean token creates and deletes "
       "droplets."),
    _r("linear-key", "Linear API key", M, "A Linear key reads and edits the workspace's issues."),
    _r("notion-token", "Notion integration token", M, "A Notion token reads the pages shared with "
       "the integration."),
    _r("sentry-token", "Sentry auth token", M, "A Sentry auth token reads events (with user data) "
       "and edits projects."),
    _r("newrelic-key", "New Relic user API key", H, "A New Relic user key queries and configures "
       "the account."),
    _r("postman-key", "Postman API key", M, "A Postman key reads collections, often full of other "
       "credentials."),
    _r("vault-token", "HashiCorp Vault token", B, "A Vault token reads the secrets its policies "
       "allow: all of them."),
    _r("age-secret-key", "age secret key", H, "An age identity decrypts every file encrypted to "
       "it (sops, backups)."),
    _r("atlassian-token", "Atlassian API token", H, "An Atlassian token acts as its user in Jira "
       "and Confluence."),
    _r("square-token", "Square access token", H, "A Square access token takes payments and reads "
       "customers."),
    _r("netlify-token", "Netlify token", H, "A Netlify token deploys and reads env vars of every "
       "site."),
    _r("pulumi-token", "Pulumi access token", H, "A Pulumi token reads stack state, with its "
       "secrets."),
    _r("doppler-token", "Doppler token", B, "A Doppler token reads every secret of its project."),
    _r("grafana-token", "Grafana token", M, "A Grafana token reads dashboards and data sources."),
    _r("planetscale-token", "PlanetScale credential", H, "A PlanetScale password or token reaches "
       "the database."),
    _r("pinecone-key", "Pinecone API key", H, "A Pinecone key reads and deletes the vector "
       "indexes."),
    _r("airtable-token", "Airtable token", M, "An Airtable token reads and writes the bases it "
       "was granted."),
    _r("braintree-token", "Braintree access token", H, "A Braintree production token takes "
       "payments."),
    _r("google-oauth-secret", "Google OAuth client secret", H,
       "With the client secret anyone can impersonate the app in Google sign-in flows."),
    _r("google-api-key", "Google API key (server-side)", M, "A server-side Google API key (e.g. "
       "Gemini) is billed to the project; " "Firebase web and Maps keys in client "
       "code are public and not reported."),
    _r("discord-webhook", "Discord webhook", M, "Anyone with the URL can post into the channel."),
    _r("artifactory-token", "Artifactory credential", H, "Artifactory credentials publish and "
       "read artifacts."),
    _r("cloudant-credentials", "Cloudant credential", H, "Cloudant credentials read and write the "
       "database."),
    _r("discord-bot-token", "Discord bot token", H, "A bot token controls the bot in every server "
       "it joined."),
    _r("ibm-cloud-key", "IBM Cloud credential", H,
       "IBM Cloud keys act on the account's resources."),
    _r("mailchimp-key", "Mailchimp API key", H, "A Mailchimp key reads audiences and sends "
       "campaigns."),
    _r("softlayer-key", "SoftLayer credential", H, "SoftLayer keys act on the account's "
       "infrastructure."),
    _r("square-oauth-secret", "Square OAuth secret", H, "The OAuth secret lets anyone mint tokens "
       "for the app."),
    _r("telegram-bot-token", "Telegram bot token", H, "A bot token controls the bot and reads its "
       "chats."),
    # vendor formats added for issue 16 (each written from the vendor's documentation)
    _r("rubygems-token", "RubyGems API key", H, "A RubyGems key can push gem releases: a "
                                                "supply-chain attack."),
    _r("nuget-key", "NuGet API key", H, "A NuGet key can push package versions to nuget.org."),
    _r("crates-token", "crates.io API token", H, "A crates.io token can publish crate versions."),
    _r("packagist-token", "Private Packagist token", H, "A Packagist token reads or updates "
                                                        "private packages."),
    _r("buildkite-token", "Buildkite token", H, "A Buildkite token reads pipelines and their logs "
                                                "and runs builds."),
    _r("circleci-token", "CircleCI API token", H, "A CircleCI token reads project settings and "
                                                  "env vars."),
    _r("terraform-cloud-token", "Terraform Cloud token", B,
       "A Terraform Cloud token reads state (with its secrets) and applies runs on the "
       "infrastructure."),
    _r("octopus-key", "Octopus Deploy API key", H, "An Octopus key deploys releases and reads "
                                                   "variables."),
    _r("bitbucket-app-password", "Bitbucket app password", H, "An app password acts as its user "
                                                              "on Bitbucket."),
    _r("heroku-key", "Heroku API key", H, "A Heroku key deploys apps and reads their config vars."),
    _r("flyio-token", "Fly.io token", H, "A Fly.io token deploys apps and reads their secrets."),
    _r("supabase-access-token", "Supabase access token", H,
       "A Supabase personal access token manages every project of the account through the "
       "Management API."),
    _r("render-key", "Render API key", H, "A Render key deploys services and reads their "
                                          "environment."),
    _r("alibaba-access-key", "Alibaba Cloud AccessKey", H, "An AccessKey signs API calls as its "
                                                           "RAM user."),
    _r("azure-client-secret", "Azure AD client secret", H,
       "A client secret signs in as the application (service principal) with its permissions."),
    _r("brevo-key", "Brevo API key", H, "A Brevo key sends mail and SMS as the product and reads "
                                        "contacts."),
    _r("teams-webhook", "Microsoft Teams webhook", M, "Anyone with the URL can post into the "
                                                      "channel."),
    _r("twitch-token", "Twitch OAuth token", M, "A Twitch token chats and acts as its account."),
    _r("langsmith-key", "LangSmith API key", M, "A LangSmith key reads traces: prompts and "
                                                "replies with user data."),
    _r("openrouter-key", "OpenRouter API key", H, "An OpenRouter key runs models billed to the "
                                                  "account."),
    _r("perplexity-key", "Perplexity API key", H, "A Perplexity key runs queries billed to the "
                                                  "account."),
    _r("tavily-key", "Tavily API key", M, "A Tavily key runs searches billed to the account."),
    _r("xai-key", "xAI API key", H, "An xAI key runs models billed to the account."),
    _r("stytch-secret", "Stytch project secret", H, "A Stytch secret manages users and sessions "
                                                    "of the app."),
    _r("workos-key", "WorkOS API key", H, "A WorkOS key manages the app's SSO connections and "
                                          "users."),
    _r("clickup-token", "ClickUp API token", M, "A ClickUp token reads and edits the workspace's "
                                                "tasks."),
    _r("contentful-token", "Contentful management token", H, "A management token edits and "
                                                             "publishes content."),
    _r("dropbox-token", "Dropbox access token", H, "A Dropbox token reads and writes the "
                                                   "account's files."),
    _r("figma-token", "Figma access token", M, "A Figma token reads the files its user can open."),
    _r("hubspot-token", "HubSpot private app token", H, "A HubSpot token reads CRM contacts and "
                                                        "deals."),
    _r("typeform-token", "Typeform access token", M, "A Typeform token reads forms and their "
                                                     "responses."),
    _r("datadog-key", "Datadog API or application key", H,
       "A Datadog API key sends data to the account; an application key reads it (logs, traces)."),
    _r("dynatrace-token", "Dynatrace API token", H, "A Dynatrace token reads monitoring data and "
                                                    "settings."),
    _r("honeycomb-key", "Honeycomb API key", M, "A Honeycomb key sends or reads the team's data."),
    _r("axiom-token", "Axiom token", M, "An Axiom token ingests into or queries the datasets."),
    _r("posthog-key", "PostHog personal API key", H,
       "A personal API key reads every project's analytics (project phc_ keys are public)."),
    _r("rollbar-token", "Rollbar access token", M, "A Rollbar token reads or posts the project's "
                                                   "errors."),
    _r("launchdarkly-key", "LaunchDarkly SDK key or access token", H,
       "A server SDK key reads every flag's rules; an access token changes flags in production."),
    _r("flagsmith-key", "Flagsmith server-side key", M, "A server-side key reads every flag and "
                                                        "segment."),
    _r("statsig-key", "Statsig server secret", M, "A server secret reads every gate and test."),
    _r("configcat-key", "ConfigCat SDK key", M, "An SDK key reads the config's flags and "
                                                "targeting rules."),
    _r("adyen-key", "Adyen API key", H, "An Adyen key takes payments and refunds on the merchant "
                                        "account."),
    _r("flutterwave-key", "Flutterwave secret key", H, "A Flutterwave secret key moves money."),
    _r("plaid-token", "Plaid production access token", H, "A Plaid access token reads a user's "
                                                          "bank data."),
    _r("mollie-key", "Mollie live API key", H, "A Mollie live key creates payments and refunds."),
    _r("onepassword-token", "1Password service account token", B,
       "A service account token reads every item in the vaults it was granted."),
    _r("onepassword-secret-key", "1Password account Secret Key", H,
       "The Secret Key is one of the two secrets that unlock a 1Password account."),
    # batch 2 (issue 16)
    _r("databricks-token", "Databricks personal access token", H,
       "A Databricks token runs jobs and reads the workspace's data."),
    _r("sonarqube-token", "SonarQube token", M, "A SonarQube token reads code analysis of private "
                                                "projects."),
    _r("prefect-key", "Prefect Cloud API key", H, "A Prefect key runs flows, reads blocks."),
    _r("neon-key", "Neon API key", H, "A Neon key manages the account's Postgres projects and "
                                      "branches."),
    _r("shippo-token", "Shippo API token", H, "A Shippo live token buys shipping labels on the "
                                              "account."),
    _r("easypost-key", "EasyPost API key", H, "An EasyPost production key buys postage on the "
                                              "account."),
    _r("paddle-key", "Paddle API key", H, "A Paddle live key reads customers and changes "
                                          "subscriptions."),
    _r("mercadopago-token", "Mercado Pago access token", H, "A Mercado Pago token takes payments."),
    _r("mandrill-key", "Mandrill API key", H, "A Mandrill key sends mail as the product's domain."),
    _r("twitter-bearer-token", "X (Twitter) bearer token", M, "A bearer token calls the X API as "
                                                              "the app."),
    _r("intercom-token", "Intercom access token", H, "An Intercom token reads conversations and "
                                                     "users."),
    _r("devcycle-key", "DevCycle server SDK key", M, "A server SDK key reads every feature's "
                                                     "targeting."),
    _r("harness-token", "Harness API token", H, "A Harness token runs pipelines and reads their "
                                                "secrets."),
    _r("scalingo-token", "Scalingo API token", H, "A Scalingo token deploys apps and reads their "
                                                  "env."),
    _r("tencent-key", "Tencent Cloud SecretId", H, "A SecretId with its key signs Tencent Cloud "
                                                   "API calls."),
    _r("yandex-key", "Yandex Cloud API key", H, "A Yandex Cloud key acts as its service account."),
    _r("elevenlabs-key", "ElevenLabs API key", M, "An ElevenLabs key runs speech synthesis billed "
                                                  "to you."),
    _r("fireworks-key", "Fireworks AI API key", H, "A Fireworks key runs models billed to the "
                                                   "account."),
    _r("ory-token", "Ory personal access token", H, "An Ory token manages the identities."),
    _r("okta-token", "Okta API token", H, "An Okta API token acts as its admin on the org."),
    _r("cloudflare-token", "Cloudflare API token or key", H,
       "A Cloudflare token edits DNS, workers and firewall rules of the zones it reaches."),
    _r("azure-devops-pat", "Azure DevOps personal access token", H,
       "An Azure DevOps PAT reads repositories and runs pipelines as its user."),
    _r("linode-token", "Linode API token", H, "A Linode token creates and deletes servers."),
    _r("hetzner-token", "Hetzner Cloud API token", H, "A Hetzner token deletes servers."),
    _r("cohere-key", "Cohere API key", H, "A Cohere key runs models billed to the account."),
    _r("mistral-key", "Mistral API key", H, "A Mistral key runs models billed to the account."),
    _r("deepgram-key", "Deepgram API key", M, "A Deepgram key runs transcription billed to you."),
    _r("assemblyai-key", "AssemblyAI API key", M, "An AssemblyAI key runs transcription billed to "
                                                  "you."),
    _r("splunk-token", "Splunk HEC token", M, "A HEC token writes events into the Splunk indexes."),
    _r("pagerduty-key", "PagerDuty API key", H, "A PagerDuty key reads and changes on-call and "
                                                "incidents."),
    _r("opsgenie-key", "Opsgenie API key", M, "An Opsgenie key creates and closes alerts."),
    _r("algolia-admin-key", "Algolia admin API key", H, "An admin key edits and deletes the "
                                                        "search indexes."),
    _r("snyk-token", "Snyk API token", M, "A Snyk token reads the organisation's vulnerability "
                                          "reports."),
    _r("codecov-token", "Codecov upload token", M, "An upload token can push coverage reports for "
                                                   "the repo."),
    _r("zendesk-token", "Zendesk API token", H, "A Zendesk token reads every support ticket and "
                                                "user."),
    # batch 3 (issue 16)
    _r("aws-session-token", "AWS session token", H,
       "A session token, with its key pair, acts as the role that issued it until it expires."),
    _r("google-oauth-token", "Google OAuth token", H,
       "An access token (ya29.) or refresh token (1//0) acts as the user who granted it."),
    _r("facebook-token", "Meta (Facebook) access token", H, "A Meta token acts as its page, app "
                                                            "or user."),
    _r("fcm-server-key", "Firebase Cloud Messaging server key", H,
       "A server key sends push notifications to every user of the app."),
    _r("cloudinary-url", "Cloudinary URL with its API secret", H,
       "The API secret uploads and deletes the account's media."),
    _r("sourcegraph-token", "Sourcegraph access token", H, "A Sourcegraph token reads every "
                                                           "repository."),
    _r("frameio-token", "Frame.io developer token", M, "A Frame.io token reads and edits the "
                                                       "account's assets."),
    _r("duffel-token", "Duffel access token", H, "A Duffel live token books and cancels flights."),
    _r("azure-openai-key", "Azure OpenAI key", H, "An Azure OpenAI key runs models billed to the "
                                                  "resource."),
    _r("sparkpost-key", "SparkPost API key", H, "A SparkPost key sends mail as the product's "
                                                "domain."),
    _r("bugsnag-key", "Bugsnag API key", M, "A Bugsnag key posts or reads the project's errors."),
    _r("railway-token", "Railway API token", H, "A Railway token deploys services and reads their "
                                                "variables."),
    # session 6 (issue 16): formats the first held-out split missed
    _r("paystack-secret-key", "Paystack secret key", H, "A live Paystack secret key charges cards "
       "and moves the balance; test-mode keys are reported low."),
    _r("unleash-token", "Unleash API token", M, "An Unleash backend or admin token reads every "
       "feature toggle's strategy, or changes them."),
    _r("asana-token", "Asana personal access token", H, "An Asana token reads and edits every "
       "task and project its user can see."),
    _r("bitwarden-access-token", "Bitwarden Secrets Manager access token", B,
       "A machine account token decrypts every secret of the projects it can read."),
    _r("infisical-token", "Infisical service token", B, "A service token reads the secrets of its "
       "project's environments."),
    _r("inngest-signing-key", "Inngest signing key", H, "A signing key calls the Inngest API and "
       "signs requests as the environment's functions."),
    _r("triggerdev-key", "Trigger.dev secret key", H, "A secret key triggers and cancels the "
       "environment's tasks; a personal access token acts on every project of its user."),
    _r("polar-token", "Polar access token", H, "A Polar token reads customers and orders and "
       "changes products and subscriptions."),
    _r("tinybird-token", "Tinybird token", H, "A static token reads and writes the workspace's "
       "data sources; the workspace's admin token signs its JWTs."),
    _r("youtrack-token", "YouTrack or Hub permanent token", H, "A permanent token acts as its "
       "user on the YouTrack or Hub server, within its scope."),
    # --- dev platforms, CI/CD, registries, cloud, data, observability, flags, secret managers
    # (session 7, vendors-a) ---
    _r("tailscale-key", "Tailscale key", H, "A Tailscale auth key joins machines to the tailnet; "
       "an API or OAuth client key changes its access rules."),
    _r("cloudflare-origin-ca-key", "Cloudflare Origin CA key", H, "An Origin CA key issues and "
       "revokes the origin certificates of every zone of the account."),
    _r("cloudflare-tunnel-token", "Cloudflare Tunnel token", H, "A tunnel token runs the tunnel: "
       "whoever holds it serves the hostnames routed to it."),
    _r("bitbucket-access-token", "Bitbucket access token", H, "An access token reads and pushes "
       "the repositories of its repository, project or workspace."),
    _r("dbt-cloud-token", "dbt Cloud token", H, "A dbt Cloud token runs jobs against the "
       "warehouse and reads the account's projects."),
    _r("convex-deploy-key", "Convex deploy key", H, "A deploy key pushes code and reads or "
       "writes every table of the deployment."),
    _r("appwrite-key", "Appwrite API key", H, "A server API key reads and writes the project's "
       "databases, users and files within its scopes."),
    _r("deno-deploy-token", "Deno Deploy access token", H, "An access token deploys and deletes "
       "the projects of its user or organisation."),
    _r("clojars-token", "Clojars deploy token", H, "A deploy token publishes versions of the "
       "group's libraries: a supply-chain attack on every user."),
    _r("akamai-credential", "Akamai EdgeGrid credential", H, "EdgeGrid credentials sign API "
       "calls that change CDN, DNS and security configuration."),
    _r("scaleway-key", "Scaleway API key", H, "A Scaleway key pair acts on the project's "
       "instances, storage and databases."),
    _r("honeybadger-token", "Honeybadger personal auth token", M, "A personal token reads and "
       "changes every project its user can see, errors included."),
    _r("keeper-token", "Keeper Secrets Manager one-time token", B, "A one-time token binds a "
       "device to the Secrets Manager application: every secret shared with it."),
    _r("teamcity-token", "TeamCity access token", H, "A TeamCity token runs builds and reads "
       "their parameters and logs as its user."),
    _r("vercel-blob-token", "Vercel Blob read-write token", H, "A read-write token uploads, "
       "overwrites and deletes every file of the store."),
    _r("uploadthing-token", "UploadThing token", H, "An UploadThing token uploads and deletes "
       "the app's files."),
    _r("tigris-key", "Tigris secret access key", H, "With its key id the secret signs S3 calls "
       "on the buckets the key can reach."),
    _r("mongodb-atlas-key", "MongoDB Atlas API secret", H, "An Atlas private key or service "
       "account secret manages clusters, users and network access."),
    _r("porkbun-key", "Porkbun API key", H, "Porkbun API keys change the account's DNS records "
       "and domains."),
    _r("jenkins-token", "Jenkins API token", H, "A Jenkins API token runs jobs and reads their "
       "credentials' uses as its user."),
    _r("gitea-token", "Gitea access token", H, "A Gitea (Forgejo, Codeberg) token reads and "
       "pushes the repositories of its user."),
    _r("semgrep-token", "Semgrep app token", M, "A Semgrep token reads the organisation's "
       "findings and uploads scans."),
    _r("ngrok-token", "ngrok authtoken", H, "An authtoken starts tunnels on the account: public "
       "URLs to whatever it forwards."),
    _r("backblaze-key", "Backblaze B2 application key", H, "With its key id the application key "
       "reads, writes and deletes the buckets it can reach."),
    _r("confluent-key", "Confluent Cloud API secret", H, "With its key the secret produces to "
       "and consumes from the cluster's topics or manages the organisation."),
    _r("vultr-key", "Vultr API key", H, "A Vultr key creates and deletes servers billed to the "
       "account."),
    _r("fastly-token", "Fastly API token", H, "A Fastly token changes and purges the services' "
       "CDN configuration."),
    _r("cloudflare-r2-key", "Cloudflare R2 secret access key", H, "With its key id the secret "
       "signs S3 calls on the account's R2 buckets."),
    _r("betterstack-token", "Better Stack source token", M, "A source token writes logs into "
       "the source (forged or flooded logs)."),
    _r("sumologic-key", "Sumo Logic access key", H, "With its access id the key queries the "
       "logs and changes collectors."),
    _r("amplitude-secret-key", "Amplitude secret key", M, "The secret key exports the project's "
       "raw events and user data."),
    _r("mixpanel-secret", "Mixpanel service account secret", M, "A service account reads the "
       "project's events and user profiles."),
    _r("infura-secret", "Infura API key secret", M, "The secret authorises RPC calls billed to "
       "the key."),
    _r("etherscan-key", "Etherscan API key", M, "An Etherscan key spends the account's API "
       "quota."),
    _r("vault-approle-secret-id", "Vault AppRole secret ID", B, "With the role id the secret id "
       "logs in to Vault as the role: every secret its policies allow."),
    _r("vault-unseal-key", "Vault unseal key", B, "Unseal key shares rebuild the key that "
       "decrypts all of Vault's storage."),
    _r("bitwarden-api-key", "Bitwarden personal API key secret", H, "With the client id the "
       "secret logs in to the vault as its user (the master password decrypts it)."),
    _r("cloudsmith-key", "Cloudsmith API key", H, "A Cloudsmith key publishes and deletes "
       "packages of the repositories its user can reach."),
    _r("quay-token", "Quay robot token", H, "A robot token pushes and pulls the images its "
       "robot account can reach."),
    _r("hexpm-key", "Hex API key", H, "A Hex key publishes package versions to hex.pm."),
    _r("airbrake-key", "Airbrake project key", M, "A project key posts errors into the project "
       "(forged or flooded reports)."),
    _r("mezmo-key", "Mezmo (LogDNA) ingestion key", M, "An ingestion key writes logs into the "
       "account."),
    _r("loggly-token", "Loggly customer token", M, "A customer token writes logs into the "
       "account."),
    _r("appsignal-key", "AppSignal push API key", M, "A push API key sends data into the "
       "organisation's apps (the front-end key is public)."),
    _r("ovh-key", "OVHcloud API secret", H, "An application secret with a consumer key acts on "
       "the account's servers, domains and billing."),
    _r("namecheap-key", "Namecheap API key", H, "A Namecheap key changes DNS and buys or moves "
       "domains."),
    _r("cronitor-key", "Cronitor API key", M, "A Cronitor key changes and silences the "
       "account's monitors."),
    _r("imagekit-key", "ImageKit private key", H, "The private key uploads and deletes the "
       "account's media and signs URLs."),
    _r("logzio-token", "Logz.io token", M, "A Logz.io token ships logs into the account or "
       "queries them."),
    _r("uptimerobot-key", "UptimeRobot API key", M, "A main key changes every monitor and alert "
       "contact; monitor and read-only keys read their data."),
    _r("azure-service-key", "Azure service access key", H, "An identifiable Azure key (Storage, "
       "Cosmos DB, Service Bus, Event Hubs, Functions, AI Search, Container Registry, Redis, API "
       "Management) gives its service's full data-plane access."),
    _r("astra-token", "DataStax Astra DB token", H, "An application token reads and writes the "
       "organisation's databases within its role."),
    _r("rancher-token", "Rancher API key", H, "A Rancher key manages the clusters its user can "
       "reach: workloads, secrets, kubeconfigs."),
    _r("portainer-token", "Portainer access token", H, "A Portainer token deploys and execs into "
       "containers of every environment its user can reach."),
    _r("readme-key", "ReadMe API key", M, "A ReadMe key edits and publishes the project's "
       "documentation."),
    _r("xata-key", "Xata API key", H, "A Xata key reads and writes every database of the "
       "workspace."),
    _r("aiven-password", "Aiven service password", H, "An Aiven service password logs in to the "
       "managed database, broker or search service."),
    _r("crunchybridge-key", "Crunchy Bridge API key", H, "A Crunchy Bridge key manages the "
       "team's Postgres clusters and their roles."),
    _r("exoscale-key", "Exoscale API key", H, "With its secret the key acts on the "
       "organisation's instances, storage and DNS."),
    _r("qstash-token", "Upstash QStash token or signing key", H, "A QStash token publishes "
       "messages billed to the account; a signing key forges deliveries to the app."),
    _r("openvsx-token", "Open VSX access token", H, "An Open VSX token publishes extension "
       "versions: a supply-chain attack on every user."),
    _r("codacy-token", "Codacy API token", M, "A Codacy token uploads coverage and reads the "
       "repositories' analysis."),
    _r("coveralls-token", "Coveralls repo token", M, "A repo token uploads coverage reports for "
       "the repository."),
    _r("browserstack-key", "BrowserStack access key", M, "An access key runs tests billed to "
       "the account and reads their recordings."),
    _r("saucelabs-key", "Sauce Labs access key", M, "An access key runs tests billed to the "
       "account and reads their recordings."),
    _r("cypress-record-key", "Cypress Cloud record key", M, "A record key uploads runs to the "
       "project (and spends its test-result quota)."),
    _r("travis-token", "Travis CI API token", H, "A Travis token triggers builds and reads the "
       "repositories' settings and env vars."),
    _r("hashicorp-acl-token", "Nomad or Consul ACL token", H, "An ACL secret id acts with its "
       "policies: jobs, service catalogue, KV data."),
    _r("chocolatey-key", "Chocolatey API key", H, "A Chocolatey key pushes package versions to "
       "the community repository."),
    _r("ansible-galaxy-token", "Ansible Galaxy API token", H, "A Galaxy token publishes "
       "collection and role versions."),
    _r("cocoapods-token", "CocoaPods trunk token", H, "A trunk token pushes pod versions."),
    _r("gradle-publish-key", "Gradle Plugin Portal key", H, "The publishing key and secret push "
       "plugin versions to the portal."),
    _r("harbor-robot-secret", "Harbor robot account secret", H, "A robot secret pushes and pulls "
       "the project's images."),
    _r("surge-token", "Surge token", M, "A Surge token publishes and tears down the account's "
       "sites."),
    _r("deploy-hook-url", "deploy hook URL", M, "Anyone with a Vercel, Netlify, Render or "
       "Cloudflare Pages deploy hook URL starts deployments (and spends build minutes)."),
    _r("otlp-header-key", "OpenTelemetry exporter credential", M, "An ingest key in "
       "OTEL_EXPORTER_OTLP_HEADERS writes (and with some vendors reads) the account's telemetry."),
    _r("metabase-key", "Metabase API key", H, "A Metabase API key queries every database "
       "connected to Metabase with its group's permissions."),
    _r("github-oauth-secret", "GitHub OAuth app client secret", H, "With the client secret "
       "anyone can impersonate the app in GitHub sign-in flows and mint user tokens."),
    _r("drone-token", "Drone token", H, "A Drone token triggers builds and reads repositories' "
       "secrets settings as its user."),
    _r("redash-key", "Redash API key", H, "A Redash key runs queries against the connected data "
       "sources and reads their results."),
    _r("ghost-admin-key", "Ghost Admin API key", H, "An Admin API key publishes and deletes "
       "posts and manages members of the site."),
    _r("wordpress-app-password", "WordPress application password", H, "An application password "
       "calls the site's REST API as its user."),
    # --- messaging, payments, identity, AI, SaaS (session 7, vendors-b) ---
    # AI and LLM providers
    _r("langfuse-key", "Langfuse secret key", M, "A Langfuse secret key reads every trace: prompts "
       "and replies with user data (pk-lf- public keys are not reported)."),
    _r("deepseek-key", "DeepSeek API key", H, "A DeepSeek key runs models billed to the account."),
    _r("stability-key", "Stability AI API key", H, "A Stability key generates images billed to "
       "the account."),
    _r("together-key", "Together AI API key", H, "A Together key runs models billed to the "
       "account."),
    _r("voyage-key", "Voyage AI API key", M, "A Voyage key runs embeddings billed to the account."),
    _r("cerebras-key", "Cerebras API key", H, "A Cerebras key runs inference billed to the "
       "account."),
    _r("nvidia-key", "NVIDIA API key", H, "An NVIDIA API catalog key runs models billed to the "
       "account."),
    _r("firecrawl-key", "Firecrawl API key", M, "A Firecrawl key runs crawls billed to the "
       "account."),
    _r("jina-key", "Jina AI API key", M, "A Jina key runs readers and embeddings billed to you."),
    _r("modal-token", "Modal token secret", H, "A Modal token runs code and reads secrets in the "
       "workspace."),
    _r("e2b-key", "E2B API key", H, "An E2B key starts sandboxes billed to the account."),
    _r("browserbase-key", "Browserbase API key", M, "A Browserbase key starts browser sessions "
       "billed to you."),
    _r("llamacloud-key", "LlamaCloud API key", M, "A LlamaCloud key parses and indexes documents "
       "billed to you."),
    _r("wandb-key", "Weights & Biases API key", H, "A W&B key reads and writes the team's runs, "
       "models and artifacts."),
    _r("serpapi-key", "SerpApi key", M, "A SerpApi key runs searches billed to the account."),
    _r("fal-key", "fal.ai API key", H, "A fal key runs models billed to the account."),
    _r("exa-key", "Exa API key", M, "An Exa key runs searches billed to the account."),
    # messaging, email, SMS, push and realtime
    _r("pubnub-secret-key", "PubNub secret key", H, "The secret key grants and revokes access to "
       "every channel (pub-c-/sub-c- keys are public)."),
    _r("mailersend-token", "MailerSend API token", H, "A MailerSend token sends mail as the "
       "product's domain."),
    _r("smtp2go-key", "SMTP2GO API key", H, "An SMTP2GO key sends mail as the product's domain."),
    _r("ntfy-token", "ntfy access token", M, "An ntfy token publishes to and reads the "
       "account's topics."),
    _r("pushover-token", "Pushover token", M, "A Pushover token sends notifications as the app."),
    _r("agora-certificate", "Agora app certificate", H, "The app certificate signs the tokens "
       "that join any channel (the app id is public)."),
    _r("pusher-secret", "Pusher app secret", H, "The app secret signs channel authorisations and "
       "triggers events (the app key is public)."),
    _r("vonage-secret", "Vonage API secret", H, "A Vonage secret sends SMS and calls billed to the "
       "account."),
    _r("mailjet-key", "Mailjet API key", H, "Mailjet keys send mail as the product's domain."),
    _r("plivo-token", "Plivo auth token", H, "A Plivo token sends SMS and calls billed to the "
       "account."),
    _r("livekit-secret", "LiveKit API secret", H, "The API secret signs tokens that join any "
       "room."),
    _r("stream-secret", "Stream API secret", H, "The API secret signs user tokens and administers "
       "chat and feeds (the API key is public)."),
    _r("sendbird-token", "Sendbird API token", H, "A Sendbird token reads and sends every "
       "message of the app."),
    _r("mailtrap-token", "Mailtrap API token", M, "A Mailtrap token sends mail and reads the "
       "inboxes."),
    _r("discord-client-secret", "Discord OAuth2 client secret", H, "With the client secret "
       "anyone can impersonate the app in Discord sign-in flows."),
    _r("ably-key", "Ably API key", H, "An Ably key publishes to and reads every channel of the "
       "app."),
    _r("slack-signing-secret", "Slack signing secret", M, "With the signing secret anyone can "
       "forge Slack requests to the app's endpoints."),
    _r("messagebird-key", "MessageBird access key", H, "A MessageBird key sends SMS and calls "
       "billed to the account."),
    _r("line-channel-secret", "LINE channel secret", M, "With the channel secret anyone can forge "
       "LINE webhook events to the bot."),
    _r("google-chat-webhook", "Google Chat webhook", M, "Anyone with the URL can post into the "
       "space."),
    _r("lark-webhook", "Lark (Feishu) bot webhook", M, "Anyone with the URL can post into the "
       "group."),
    _r("dingtalk-webhook", "DingTalk robot webhook", M, "Anyone with the URL can post into the "
       "group."),
    _r("wecom-webhook", "WeCom group robot webhook", M, "Anyone with the URL can post into the "
       "group."),
    _r("zapier-webhook", "Zapier catch-hook URL", M, "Anyone with the URL can trigger the Zap "
       "with any data."),
    # payments and commerce
    _r("xendit-key", "Xendit secret key", H, "A Xendit production key moves money; "
       "development-mode keys are reported low."),
    _r("midtrans-server-key", "Midtrans server key", H, "A server key charges payments; sandbox "
       "keys are reported low (client keys are public)."),
    _r("paypal-token", "PayPal access token", H, "An access token calls the PayPal API as the "
       "app until it expires."),
    _r("paypal-client-secret", "PayPal client secret", H, "With the client secret anyone can "
       "mint access tokens that move money (the client id is public)."),
    _r("klaviyo-key", "Klaviyo private API key", H, "A private key reads profiles and sends "
       "campaigns."),
    _r("woocommerce-key", "WooCommerce REST API key", H, "A consumer key and secret read orders "
       "and customers of the store."),
    _r("checkout-secret-key", "Checkout.com secret key", H, "A secret key takes payments and "
       "refunds; sandbox keys are reported low."),
    _r("razorpay-secret", "Razorpay key secret", H, "The key secret takes payments and refunds "
       "(the rzp_ key id is public)."),
    _r("gocardless-token", "GoCardless access token", H, "A live token collects payments; "
       "sandbox tokens are reported low."),
    _r("recurly-key", "Recurly API key", H, "A Recurly key reads subscriptions and billing "
       "data."),
    _r("authorizenet-key", "Authorize.net transaction key", H, "With the login id, the "
       "transaction key charges and refunds cards."),
    _r("braintree-private-key", "Braintree private key", H, "With the public key, the private "
       "key takes payments."),
    _r("taxjar-token", "TaxJar API token", M, "A TaxJar token reads and writes the account's "
       "transactions."),
    _r("amazon-mws-token", "Amazon MWS auth token", H, "An MWS token acts on the seller's orders "
       "and listings."),
    # identity and auth
    _r("auth0-client-secret", "Auth0 client secret", H, "With the client secret anyone can act "
       "as the application (Management API included when granted)."),
    _r("duo-secret-key", "Duo secret key", H, "The secret key signs Duo API calls as the "
       "integration (the integration key is an id)."),
    _r("keycloak-client-secret", "Keycloak client secret", H, "With the client secret anyone can "
       "act as the confidential client."),
    _r("onelogin-secret", "OneLogin client secret", H, "The client secret mints API tokens for "
       "the account."),
    _r("jumpcloud-key", "JumpCloud API key", H, "A JumpCloud key manages users, devices and "
       "SSO of the organisation."),
    _r("spotify-client-secret", "Spotify client secret", M, "With the client secret anyone can "
       "act as the app (the client id is public)."),
    _r("vapid-private-key", "Web Push VAPID private key", M, "The private key signs push "
       "messages to every subscriber (the public key is served to browsers)."),
    _r("facebook-app-secret", "Meta (Facebook) app secret", H, "The app secret mints app tokens "
       "and verifies webhooks."),
    _r("twitter-api-secret", "X (Twitter) API secret", H, "The API secret signs requests as the "
       "app."),
    # SaaS: productivity, CRM, support, docs, design, maps
    _r("trello-token", "Trello token", H, "A Trello token reads and edits every board its user "
       "can see (the API key is public)."),
    _r("salesforce-token", "Salesforce access token", H, "A session token acts as its user on "
       "the org until it expires."),
    _r("zoho-token", "Zoho OAuth token", H, "A Zoho access or refresh token acts on the CRM, "
       "mail or books it was granted."),
    _r("riot-key", "Riot Games API key", M, "A Riot key calls the game APIs as the app."),
    _r("calcom-key", "Cal.com API key", H, "A Cal.com key reads and changes bookings as its "
       "user."),
    _r("adobe-client-secret", "Adobe client secret", H, "The client secret mints access tokens "
       "for the project's Adobe APIs."),
    _r("sanity-token", "Sanity API token", H, "A Sanity token reads or edits the project's "
       "content, drafts included."),
    _r("steam-key", "Steam Web API key", M, "A Steam key calls the Web API as its account."),
    _r("webflow-token", "Webflow API token", H, "A Webflow token edits and publishes the site."),
    _r("todoist-token", "Todoist API token", M, "A Todoist token reads and edits its user's "
       "tasks."),
    _r("box-token", "Box token", H, "A Box token reads and writes the account's files."),
    _r("freshdesk-key", "Freshdesk API key", H, "A Freshdesk key reads every ticket and contact."),
    _r("shodan-key", "Shodan API key", M, "A Shodan key runs queries billed to the account."),
    _r("virustotal-key", "VirusTotal API key", M, "A VirusTotal key runs lookups on the "
       "account's quota (private keys read private data)."),
    _r("uploadcare-secret", "Uploadcare secret key", H, "The secret key deletes and signs the "
       "project's files (the public key is public)."),
    _r("pipedrive-token", "Pipedrive API token", H, "A Pipedrive token reads and edits every "
       "deal and contact."),
    _r("coda-token", "Coda API token", M, "A Coda token reads and edits its user's docs."),
    _r("jotform-key", "Jotform API key", M, "A Jotform key reads forms and their submissions."),
    _r("tomtom-key", "TomTom API key", M, "A TomTom key runs map requests billed to the "
       "account."),
    _r("opencage-key", "OpenCage API key", M, "An OpenCage key runs geocoding billed to the "
       "account."),
    _r("ipinfo-token", "IPinfo access token", M, "An IPinfo token runs lookups on the account's "
       "quota."),
    _r("recaptcha-secret-key", "reCAPTCHA secret key", M, "With the secret key anyone can "
       "verify tokens as the site (the site key is public)."),
    _r("turnstile-secret-key", "Cloudflare Turnstile secret key", M, "With the secret key anyone "
       "can verify tokens as the site (the site key is public)."),
    _r("hcaptcha-secret", "hCaptcha secret", M, "With the secret anyone can verify tokens as the "
       "site (the site key is public)."),
    _r("revenuecat-key", "RevenueCat secret API key", H, "A secret key reads and grants "
       "subscribers' entitlements (app-specific keys are public)."),
    _r("helicone-key", "Helicone API key", M, "A Helicone key reads the logged prompts and "
       "replies."),
    _r("runpod-key", "RunPod API key", H, "A RunPod key starts GPU pods billed to the account."),
    _r("cartesia-key", "Cartesia API key", M, "A Cartesia key runs speech synthesis billed to "
       "you."),
    _r("apify-token", "Apify API token", H, "An Apify token runs actors billed to the account "
       "and reads their datasets."),
    _r("mem0-key", "Mem0 API key", M, "A Mem0 key reads and writes the stored memories."),
    _r("deepl-key", "DeepL API key", M, "A DeepL key runs translations billed to the account."),
    _r("neptune-token", "Neptune API token", M, "A Neptune token reads and writes the workspace's "
       "runs."),
    _r("kaggle-key", "Kaggle API key", M, "A Kaggle key acts as its user on datasets and "
       "competitions."),
    _r("novu-key", "Novu API key", H, "A Novu key sends notifications to every subscriber."),
    _r("onesignal-key", "OneSignal API key", H, "A OneSignal key sends push notifications to every "
       "user (the app id is public)."),
    _r("mattermost-token", "Mattermost access token", H, "A token reads and posts as its user on "
       "the server."),
    _r("zulip-key", "Zulip API key", H, "A Zulip key reads and posts as its user or bot."),
    _r("pushbullet-token", "Pushbullet access token", M, "A token reads and sends its user's "
       "pushes."),
    _r("daily-key", "Daily API key", H, "A Daily key creates rooms and meeting tokens billed to "
       "the account."),
    _r("zoom-client-secret", "Zoom client secret", H, "With the client secret anyone can mint "
       "tokens for the app's account."),
    _r("make-webhook", "Make webhook URL", M, "Anyone with the URL can start the scenario with "
       "any data."),
    _r("ifttt-webhook", "IFTTT webhook key", M, "Anyone with the key can trigger the applets."),
    _r("wise-token", "Wise API token", H, "A Wise token reads balances and, when allowed, sends "
       "money."),
    _r("imagekit-private-key", "ImageKit private key", H, "The private key uploads and deletes "
       "the account's media (public_ keys are public)."),
    _r("mux-secret", "Mux access token secret", H, "With the token id, the secret manages the "
       "account's video assets."),
    _r("vimeo-token", "Vimeo access token", M, "A Vimeo token reads and edits its user's videos."),
    _r("unsplash-secret", "Unsplash secret key", M, "The secret key acts as the app in OAuth "
       "flows (the access key is public)."),
    _r("newsapi-key", "NewsAPI key", M, "A NewsAPI key runs requests on the account's quota."),
    _r("openweather-key", "OpenWeatherMap API key", M, "An OpenWeather key runs requests on the "
       "account's quota."),
    _r("hibp-key", "Have I Been Pwned API key", M, "An HIBP key runs breach lookups billed to the "
       "account."),
    _r("rapidapi-key", "RapidAPI key", H, "A RapidAPI key calls every subscribed API billed to "
       "the account."),
    _r("lokalise-token", "Lokalise API token", M, "A Lokalise token reads and edits the "
       "projects' translations."),
    _r("crowdin-token", "Crowdin personal access token", M, "A Crowdin token reads and edits the "
       "projects' translations."),
    _r("transifex-token", "Transifex API token", M, "A Transifex token reads and edits the "
       "projects' translations."),
    _r("here-key", "HERE API key", M, "A HERE key runs location requests billed to the account."),
    _r("geoapify-key", "Geoapify API key", M, "A Geoapify key runs requests on the account's "
       "quota."),
    _r("ipgeolocation-key", "ipgeolocation.io API key", M, "An ipgeolocation key runs lookups on "
       "the account's quota."),
    _r("maxmind-license-key", "MaxMind license key", M, "A license key downloads the paid GeoIP "
       "databases and calls the web services."),
    _r("high-entropy-string", "high-entropy string", L, "A random-looking literal may be a "
       "credential (opt-in)."),
    Rule(id="secrets.source-map-public", title="Source map shipped in public build output",
         severity=L,
         why="Source maps publish the original source, comments and sometimes inlined "
         "configuration.",
         fix="Do not upload *.map files with the public assets (or upload them to the error "
         "tracker only)."),
    Rule(id="secrets.file-not-scanned", title="File not scanned for secrets", severity=INFO,
         why="A file over the size cap or a symlink leaving the repository was not read; a secret "
         "there is missed.",
         fix="Raise `secrets.max_file_bytes`, or exclude the file with `secrets.allowlist` and a "
         "reason."),
)
BY_ID = {r.id: r for r in RULES}
