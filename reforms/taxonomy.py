"""The two curated vocabularies: the 18 national evaluation indicators and the recurring reform mechanisms.

Each entry carries the phrases that signal it; the classifier reads these, and editors can refine them
in the admin (the fixture only seeds them).
"""

# slug, name, English name, B-READY topic, signal phrases (Simplified)
INDICATORS = [
    ("starting-business", "开办企业", "Starting a Business", "Business Entry",
     ["开办企业", "企业开办", "商事登记", "商事制度", "营业执照", "刻章", "刻制印章", "注册登记", "准入准营", "证照联办", "跨境通", "新开办企业", "设立登记", "外资企业落户", "注销"]),
    ("labor-market", "劳动力市场监管", "Labor Market Regulation", "Labor",
     ["用工", "招工", "劳动争议", "劳动关系", "劳动仲裁", "人才", "就业", "全岗通", "人社", "劳动者", "人力资源"]),
    ("construction-permits", "办理建筑许可", "Dealing with Construction Permits", "Business Location",
     ["施工许可", "工程建设", "工程审批", "拿地即开工", "拿地即动工", "竣工验收", "施工图", "规划许可", "建设项目", "五证联发", "带方案出让", "工业用地", "项目审批", "先建后验", "报建", "筹建", "多评合一", "环评", "工程项目", "重大项目"]),
    ("government-procurement", "政府采购", "Government Procurement", "Market Competition",
     ["政府采购", "采购"]),
    ("bidding", "招标投标", "Bidding and Tendering", "Market Competition",
     ["招标投标", "招投标", "投标", "评定分离", "电子保函", "公共资源交易", "评标", "ca证书"]),
    ("getting-electricity", "获得电力", "Getting Electricity", "Utility Services",
     ["获得电力", "用电", "供电", "办电", "电力", "转供电", "电费", "报装", "充电桩", "电表"]),
    ("water-gas", "获得用水用气", "Getting Water and Gas", "Utility Services",
     ["用水", "用气", "供水", "供气", "燃气", "水电气", "电水气"]),
    ("registering-property", "登记财产", "Registering Property", "Business Location",
     ["不动产登记", "登记财产", "带押过户", "过户", "不动产", "二手房", "一手房", "抵押登记", "产权"]),
    ("getting-credit", "获得信贷", "Getting Credit", "Financial Services",
     ["融资", "信贷", "贷款", "授信", "银行", "金融服务", "信易贷", "基金", "担保", "支行", "证券化"]),
    ("protecting-investors", "保护中小投资者", "Protecting Minority Investors", "Financial Services",
     ["中小投资者", "投资者保护", "股东权益", "上市", "涉侨投资", "投资者"]),
    ("intellectual-property", "知识产权创造、保护和运用", "Intellectual Property Creation, Protection and Use", "Market Competition",
     ["知识产权", "专利", "商标", "地理标志", "版权", "侵权"]),
    ("trading-across-borders", "跨境贸易", "Trading across Borders", "International Trade",
     ["跨境贸易", "通关", "口岸", "出口", "进口", "海关", "外贸", "跨境电商", "走出去"]),
    ("paying-taxes", "纳税", "Paying Taxes", "Taxation",
     ["纳税", "税务", "退税", "办税", "税费", "发票", "缴税", "税收", "涉税", "税证"]),
    ("enforcing-contracts", "执行合同", "Enforcing Contracts", "Dispute Resolution",
     ["执行难", "执行合同", "法院", "诉讼", "审判", "仲裁", "调解", "纠纷", "司法", "执行“一件事”", "深化执行"]),
    ("resolving-insolvency", "办理破产", "Resolving Insolvency", "Business Insolvency",
     ["破产", "重整", "清算"]),
    ("market-regulation", "市场监管", "Market Regulation", "Market Competition",
     ["监管", "双随机", "信用监管", "信用风险分类", "包容审慎", "执法", "合规", "政务诚信", "诚信", "失信", "抽查", "食品生产许可", "易制毒"]),
    ("government-services", "政务服务", "Government Services", "Business Entry",
     ["政务服务", "一网通办", "12345", "热线", "一件事", "一门式", "秒批", "秒报", "政务", "一窗", "通办", "好差评", "帮办", "代办", "政策兑现", "免申即享", "观察员", "吐槽大会", "营商环境"]),
    ("inclusive-innovation", "包容普惠创新", "Inclusive and Innovative Development", "Market Competition",
     ["创新创业", "孵化器", "科技", "人才", "图书馆", "城市更新", "乡村振兴", "产业链", "招商", "公共服务", "绿色", "文旅", "演出", "科研"]),
]

# slug, name, definition, signal phrases (Simplified)
REFORM_TYPES = [
    ("notification-commitment", "告知承诺制", "申请人书面承诺符合条件即可办理,事后核查,替代事前审查的证明材料。",
     ["告知承诺", "信用承诺", "承诺制", "双承诺", "承诺书", "作出承诺", "容缺"]),
    ("acceptance-with-deficiencies", "容缺受理", "次要材料暂缺时先行受理、限期补齐。", ["容缺受理", "容缺", "双容"]),
    ("instant-approval", "秒批/智能审批", "系统按规则自动比对核验,无人工干预即时审批。", ["秒批", "秒报", "智能审批", "秒到", "秒级", "无人工干预", "自动审批", "秒付"]),
    ("one-network", "一网通办/全程网办", "事项在一个平台全程网上办理。", ["一网通办", "全程网办", "网上办", "线上办理", "不见面", "零跑动", "掌上", "指尖办", "在线办理", "远程", "非接触"]),
    ("one-thing", "一件事/联办", "把关联事项打包成一件事,一次申请、并联办理。", ["一件事", "联办", "一类事", "一门式", "一窗", "一站式", "集成服务", "套餐"]),
    ("multi-certificate", "多证合一/多评合一/五证联发", "多个证照、评估或审批合并办理、同时发放。", ["多证合一", "多评合一", "五证联发", "多证合并", "证照联办", "多评集成", "五合一", "六联办", "一证通"]),
    ("assisted-service", "帮办代办/专员服务", "由专员或代办员全程帮企业办理。", ["帮办", "代办", "专员", "领办", "管家", "客户经理", "上门办", "一对一"]),
    ("credit-regulation", "信用监管", "以信用评价、信用报告和失信约束为基础的分级分类监管。", ["信用监管", "信用风险分类", "信用评价", "失信", "守信", "信用报告", "信用信息", "诚信", "信用+"]),
    ("blockchain", "区块链", "以区块链存证、共享和追溯数据。", ["区块链", "链上", "上链", "税链", "链资信"]),
    ("big-data-ai", "大数据与人工智能", "用大数据、人工智能和智能终端替代人工研判和办理。", ["大数据", "人工智能", "智能", "数据共享", "智慧", "算法", "模型"]),
    ("gba-rules", "粤港澳规则衔接/跨境服务", "与港澳规则衔接,为港澳与境外主体提供跨境服务。", ["粤港澳", "港澳", "跨境", "大湾区", "澳门", "香港", "离岸", "华侨"]),
    ("inclusive-prudent", "包容审慎监管", "对新业态给予包容期,首违不罚、轻微免罚。", ["包容审慎", "包容期", "首违不罚", "轻微免罚", "不予处罚", "从轻、减轻"]),
    ("policy-direct", "免申即享/政策直达", "惠企政策免申报或限时直达企业。", ["免申即享", "政策直达", "资金直达", "直达", "政策兑现", "兑现"]),
    ("fee-reduction", "减费降本/免费服务", "免除或降低企业的费用与制度性交易成本。", ["免费", "零成本", "降低成本", "降本", "减费", "节省", "减免", "无费区", "三零", "降低企业", "节约"]),
    ("dispute-resolution", "多元解纷/法治服务", "以调解、仲裁、公共法律服务等多元方式化解纠纷。", ["调解", "仲裁", "法律服务", "法治", "多元化", "纠纷", "诉前", "律师"]),
    ("process-reengineering", "流程再造/时限压缩", "精简环节、材料和时限,并联审批。", ["流程再造", "压缩", "精简", "并联", "缩短", "减环节", "容缺办理", "提前介入", "提速"]),
    ("e-certificates", "电子证照/电子签章", "以电子证照、电子印章、电子营业执照替代纸质材料。", ["电子证照", "电子印章", "电子营业执照", "电子签名", "电子保函", "电子发票", "亮证"]),
    ("feedback-mechanism", "政企沟通/诉求响应", "收集并快速响应企业诉求的机制。", ["观察员", "吐槽大会", "热线", "诉求", "有呼必应", "快速响应", "接诉即办", "12345"]),
    ("investment-promotion", "招商与产业服务", "以基金、产业链服务和招商机制支持企业落地发展。", ["招商", "产业链", "产业基金", "基金", "孵化", "产业园"]),
]
