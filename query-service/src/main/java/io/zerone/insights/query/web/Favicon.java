package io.zerone.insights.query.web;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The site has no icon yet; browsers ask anyway. An empty answer they may keep for a day, instead of a 404 each time. */
@RestController
class Favicon {

    @GetMapping("/favicon.ico")
    ResponseEntity<Void> favicon() {
        return ResponseEntity.noContent().cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic()).build();
    }
}
