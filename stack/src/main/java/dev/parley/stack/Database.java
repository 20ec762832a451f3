package dev.parley.stack;

/** How a service reaches its own database on the local PostgreSQL server. */
public record Database(String name, String user, String password, String jdbcUrl, String reactiveUrl) {

    /** Without the password, which a record would otherwise print. */
    @Override
    public String toString() {
        return "Database[" + jdbcUrl + ", user " + user + "]";
    }
}
