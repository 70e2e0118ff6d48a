package io.zerone.insights.bench;

import java.util.List;

/** The words realistic insights are made of: consultancy topics, industries, roles and sentence shapes. */
final class Vocabulary {

    static final List<String> CATEGORIES = List.of(
            "Strategy", "Technology", "Regulation", "Operations", "Finance", "Sustainability", "People", "Risk");

    static final List<String> TOPICS = List.of(
            "supply chain resilience", "cloud cost control", "data governance", "generative AI adoption",
            "cyber risk", "dynamic pricing", "working capital", "carbon reporting", "talent retention",
            "vendor consolidation", "payments modernisation", "customer churn", "ERP migration", "open banking",
            "fraud detection", "the energy transition", "post-merger integration", "procurement analytics",
            "platform engineering", "observability", "operational resilience", "zero trust security",
            "demand forecasting", "hybrid work", "digital identity", "claims automation", "revenue assurance",
            "mainframe exit", "product-led growth", "scope 3 emissions");

    static final List<String> INDUSTRIES = List.of(
            "retail", "insurance", "banking", "logistics", "healthcare", "manufacturing", "the public sector",
            "telecoms", "utilities", "media", "pharma", "automotive", "asset management");

    static final List<String> ROLES = List.of(
            "the CFO", "the CIO", "a chief risk officer", "the operations team", "a product owner",
            "the board", "procurement", "the data team", "regional managers", "the audit committee");

    static final List<String> METRICS = List.of(
            "cycle time", "cost to serve", "unplanned downtime", "days sales outstanding", "churn",
            "time to market", "claims leakage", "stock-outs", "energy use", "onboarding time");

    static final List<String> TAGS = List.of(
            "ai", "cloud", "data", "security", "esg", "pricing", "supply-chain", "payments", "banking", "insurance",
            "retail", "healthcare", "automation", "analytics", "governance", "compliance", "dora", "nis2",
            "csrd", "erp", "finops", "talent", "leadership", "m-and-a", "procurement", "forecasting",
            "resilience", "identity", "open-banking", "fraud", "energy", "manufacturing", "logistics",
            "public-sector", "platforms", "observability", "architecture", "operating-model", "benchmarking",
            "case-study");

    static final List<String> TITLES = List.of(
            "What %2$s leaders get wrong about %1$s",
            "%1$S: %3$d lessons from %2$s",
            "How a %2$s firm cut %4$s by %5$d%%",
            "The hidden cost of %1$s in %2$s",
            "Why %1$s stalls after the pilot",
            "A practical guide to %1$s for %2$s",
            "%3$d questions the board should ask about %1$s",
            "From pilot to scale: %1$s in %2$s",
            "Is %1$s worth it? Evidence from %2$s",
            "Rethinking %4$s through %1$s");

    static final List<String> SENTENCES = List.of(
            "Most %2$s organisations we work with treat %1$s as a technology project, and that is where it goes wrong.",
            "In the first ninety days, %3$s should agree on one measure of success, usually %4$s.",
            "Across %5$d engagements in %2$s, the median programme reduced %4$s by %6$d%% within a year.",
            "The teams that succeeded started small, with one process and a clear owner.",
            "Budgets are rarely the constraint; attention from %3$s is.",
            "Regulators now expect firms in %2$s to show evidence, not intentions, on %1$s.",
            "A common failure is to buy a platform before the operating model is settled.",
            "Data quality work is unglamorous, but it decided the outcome in every case we reviewed.",
            "We recommend a quarterly review where %3$s and the delivery team look at %4$s together.",
            "Vendors promise quick wins; in our experience the first real savings appear after two budget cycles.",
            "The strongest predictor of success was whether %3$s could explain the goal in one sentence.",
            "Where %1$s was tied to incentives, adoption doubled compared with the control group.",
            "Legacy contracts often hide the largest opportunity, because nobody has read them in years.",
            "Start with the decisions you want to improve, then work back to the data you need.",
            "One %2$s client found that a third of its effort went into reconciling reports by hand.",
            "The lesson is not to slow down, but to sequence the work so that each step pays for the next.",
            "Skills matter more than tools: the best results came from teams that paired analysts with operators.",
            "Risk and compliance teams should be involved from the start, not asked to sign off at the end.",
            "Benchmarks from peers in %2$s are useful, but only when the definitions of %4$s match.",
            "Measured honestly, the first phase of %1$s usually pays back in %5$d to 18 months.");

    static final List<String> HEADINGS = List.of(
            "Where to start", "What the numbers say", "Common pitfalls", "The operating model", "Governance",
            "A worked example", "What to measure", "Next steps", "The role of leadership", "Costs and benefits");

    private Vocabulary() {
    }
}
