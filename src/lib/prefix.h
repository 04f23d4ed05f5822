/*
 * The library's internal functions are linked under a reserved prefix,
 * wsc__, so that a static libwsc.a exports no name an embedder could
 * collide with (the shared library hides them anyway). Included first by
 * internal.h; a new internal function gets its line here (the unit
 * suite's symbol check names any that lacks one).
 */
#ifndef WSC_PREFIX_H
#define WSC_PREFIX_H

#define ap_emit wsc__ap_emit
#define ap_emit_simple wsc__ap_emit_simple
#define ap_emit_state wsc__ap_emit_state
#define ap_locked wsc__ap_locked
#define ap_pbc_count wsc__ap_pbc_count
#define ap_pbc_forget wsc__ap_pbc_forget
#define ap_pbc_known wsc__ap_pbc_known
#define ap_pbc_note wsc__ap_pbc_note
#define ap_pin_drop wsc__ap_pin_drop
#define ap_m1_admit wsc__ap_m1_admit
#define ap_pin_failed wsc__ap_pin_failed
#define ap_pin_for wsc__ap_pin_for
#define ap_pin_now wsc__ap_pin_now
#define ap_pin_succeeded wsc__ap_pin_succeeded
#define ap_rules_expire wsc__ap_rules_expire
#define ap_rules_expiry wsc__ap_rules_expiry
#define ap_state_load wsc__ap_state_load
#define authenticator wsc__authenticator
#define build_device_attrs wsc__build_device_attrs
#define build_header wsc__build_header
#define build_nonces wsc__build_nonces
#define build_settings wsc__build_settings
#define build_simple wsc__build_simple
#define check_auth wsc__check_auth
#define check_nonce wsc__check_nonce
#define check_pin_hash wsc__check_pin_hash
#define clamp_frag wsc__clamp_frag
#define derive_keys wsc__derive_keys
#define derive_psk wsc__derive_psk
#define derive_session_keys wsc__derive_session_keys
#define dh_shared wsc__dh_shared
#define eap_frame wsc__eap_frame
#define eapol_parse wsc__eapol_parse
#define eapol_start_frame wsc__eapol_start_frame
#define encr_settings_build wsc__encr_settings_build
#define encr_settings_open wsc__encr_settings_open
#define enrollee_build wsc__enrollee_build
#define enrollee_process wsc__enrollee_process
#define env_alloc wsc__env_alloc
#define env_free wsc__env_free
#define env_log wsc__env_log
#define env_log_hex wsc__env_log_hex
#define env_random wsc__env_random
#define env_resolve wsc__env_resolve
#define sess_past_m3 wsc__sess_past_m3
#define sess_take_keypair wsc__sess_take_keypair
#define ap_pin_withdraw wsc__ap_pin_withdraw
#define cfg_import wsc__cfg_import
#define finish_m_msg wsc__finish_m_msg
#define finish_with_auth wsc__finish_with_auth
#define frag_rx_feed wsc__frag_rx_feed
#define frag_tx_set wsc__frag_tx_set
#define hex_digit wsc__hex_digit
#define jacobi wsc__jacobi
#define jacobi_batched wsc__jacobi_batched
#define jacobi_binary wsc__jacobi_binary
#define make_hash wsc__make_hash
#define open_settings wsc__open_settings
#define parse_settings wsc__parse_settings
#define peer_from_msg wsc__peer_from_msg
#define pin_hash wsc__pin_hash
#define registrar_build wsc__registrar_build
#define registrar_process wsc__registrar_process
#define sess_emit wsc__sess_emit
#define sess_fail wsc__sess_fail
#define sess_keep_last wsc__sess_keep_last
#define sess_succeed wsc__sess_succeed
#define wb_attr wsc__wb_attr
#define wb_attr_str wsc__wb_attr_str
#define wb_attr_u16 wsc__wb_attr_u16
#define wb_attr_u32 wsc__wb_attr_u32
#define wb_attr_u8 wsc__wb_attr_u8
#define wb_put wsc__wb_put
#define wb_reserve wsc__wb_reserve
#define wb_wfa_ext wsc__wb_wfa_ext

#endif
