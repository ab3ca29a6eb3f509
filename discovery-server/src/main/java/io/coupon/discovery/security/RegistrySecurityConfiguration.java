package io.coupon.discovery.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The registry's API ({@code /eureka/**}) and dashboard need HTTP basic credentials (R10); health, info and prometheus
 * stay open for probes and scrapes. Eureka clients send no CSRF token and keep no session, so neither is used.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryCredentials.class)
class RegistrySecurityConfiguration {

	@Bean
	SecurityFilterChain registrySecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
						"/actuator/prometheus")
				.permitAll()
				.anyRequest()
				.authenticated())
			.httpBasic((basic) -> {
			})
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.build();
	}

	@Bean
	UserDetailsService registryUser(RegistryCredentials credentials) {
		return new InMemoryUserDetailsManager(User.withUsername(credentials.username())
			.password(credentials.password())
			.roles("REGISTRY")
			.build());
	}

	/**
	 * Compares the password as given, in constant time. A slow hash such as bcrypt protects stored hashes; here the
	 * password is in the process's environment anyway, and bcrypt would cost tens of milliseconds of CPU on every
	 * heartbeat and registry fetch, since clients send their credentials with each request.
	 */
	@Bean
	PasswordEncoder registryPasswordEncoder() {
		return new PasswordEncoder() {

			@Override
			public String encode(CharSequence raw) {
				return raw.toString();
			}

			@Override
			public boolean matches(CharSequence raw, String expected) {
				return MessageDigest.isEqual(raw.toString().getBytes(StandardCharsets.UTF_8),
						expected.getBytes(StandardCharsets.UTF_8));
			}

		};
	}

}
