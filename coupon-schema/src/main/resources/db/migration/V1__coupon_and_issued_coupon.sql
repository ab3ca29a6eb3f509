-- Coupons are campaigns with a fixed stock; issued_coupon holds one row per (coupon, user).
-- The UNIQUE key is the last line of defence for invariant I2 (never twice to a user): whatever
-- Redis or a redelivered Kafka record says, the database refuses a second row.

CREATE TABLE coupon (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    name            VARCHAR(100) NOT NULL,
    total_quantity  INT          NOT NULL,
    issue_starts_at DATETIME(6)  NULL,
    issue_ends_at   DATETIME(6)  NULL,
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_coupon_total_quantity CHECK (total_quantity > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE issued_coupon (
    id           BIGINT      NOT NULL AUTO_INCREMENT,
    coupon_id    BIGINT      NOT NULL,
    user_id      BIGINT      NOT NULL,
    -- when Redis accepted the request (carried by the event), and when the worker wrote the row
    accepted_at  DATETIME(6) NOT NULL,
    persisted_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_issued_coupon_coupon_user UNIQUE (coupon_id, user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
