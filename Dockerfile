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
# The heap is 35 % of the container's memory limit (docker-compose.yml sets one per service): the JVM needs 150-340 MB
# beside its heap. Two malloc arenas instead of one per core and thread group: glibc's arenas otherwise hold tens of MB
# of freed native memory. SerialGC, as measured: the least footprint beside a small heap on two cores.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=35 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
