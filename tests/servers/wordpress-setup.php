<?php
// Installs WordPress into the test's database and prepares what the tests use: an administrator
// with an application password, pretty or plain permalinks, a few existing tags. Run once per
// server by tests/servers/wordpress.ts with `php wordpress-setup.php SETTINGS_JSON`; prints JSON.

$settings = json_decode($argv[1], true, 8, JSON_THROW_ON_ERROR);
$_SERVER['HTTP_HOST'] = $settings['host'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
define('WP_INSTALLING', true);
define('ABSPATH', $settings['root'] . '/');
require ABSPATH . 'wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$installed = wp_install(
  $settings['title'],
  $settings['username'],
  $settings['email'],
  false, // not public: no pings, no search engines
  '',
  wp_slash($settings['password']),
  $settings['language'],
);
$user_id = (int) $installed['user_id'];

update_option('permalink_structure', $settings['pretty'] ? '/%postname%/' : '');
flush_rewrite_rules(false);

[$application_password] = WP_Application_Passwords::create_new_application_password(
  $user_id,
  ['name' => 'Kurabe tests'],
);
if (is_wp_error($application_password)) {
  fwrite(STDERR, $application_password->get_error_message());
  exit(1);
}

$tags = [];
foreach ($settings['tags'] as $name) {
  $term = wp_insert_term($name, 'post_tag');
  if (is_wp_error($term)) {
    fwrite(STDERR, $term->get_error_message());
    exit(1);
  }
  $tags[] = ['id' => (int) $term['term_id'], 'name' => $name];
}

echo json_encode([
  'userId' => $user_id,
  'applicationPassword' => $application_password,
  'tags' => $tags,
], JSON_UNESCAPED_UNICODE);
