# One image recipe for every service: docker build --build-arg SERVICE=query-service -t insights/query-service .
# docker-compose.yml builds the three services from it.
ARG SERVICE=ingest-service

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY insight-events insight-events
COPY test-support test-support
COPY site-layout site-layout
COPY ingest-service ingest-service
COPY render-service render-service
COPY query-service query-service
COPY site-export site-export
COPY dev-stack dev-stack
COPY benchmarks benchmarks
COPY fault-run fault-run
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl ${SERVICE} -am package \
    && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /app.jar

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 insights
USER insights
COPY --from=build /app.jar /app/app.jar
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
